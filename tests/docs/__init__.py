"""Tests of generator/docs: page parsing, drift, patches, drafts."""
