"""The back end: what the templates print (view), the templates, TypedDicts from
datamodel-code-generator, formatting, and writing the owned packages once."""
