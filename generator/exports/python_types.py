"""How the generated package spells the model's types in Python.

The model says what a type is (documented type, enum values, JSON structure, whether CLEAR
clears it); this module is the one place that prints it as a Python annotation. The back
end's view prints the client and params with it, and `gen inspect --json` shows it (which is
why it lives in this stage, the earliest both may import).
"""

from __future__ import annotations

from generator.model import Parameter

# Documented scalar types (parameters' and response fields') as Python types.
PY_SCALAR = {"string": "str", "integer": "int", "long": "int", "number": "float", "boolean": "bool"}


def annotation(p: Parameter) -> str:
    """The keyword argument's type: Literal for enums, the structure too for JSON strings,
    ClearType where an empty value clears the setting."""
    if p.constraints.enum:
        base = "Literal[" + ", ".join(repr(v) for v in p.constraints.enum_values) + "]"
    else:
        base = PY_SCALAR[p.doc_type]
    if p.json_type:
        base = f"{base} | {p.json_type}"
    return f"{base} | ClearType" if p.empty_clears else base
