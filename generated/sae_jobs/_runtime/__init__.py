# Copied by gen from its runtime (the same in every generated package); do not edit.
"""The runtime that gen copies, unchanged, into every package it generates.

It imports only itself and the standard library (httpx for the async client, on use);
the generated modules pass the service's facts in (``ServiceInfo``, ``OperationInfo``).
"""
