"""Tests of the generated client package: the runtime (templates/runtime) with generated facts."""
