"""The catalogue of `gen diff` rules: a stable id, a default level and one line of why.

Ids are part of the tool's interface (configs and CI baselines name them): never reuse or
rename one; retire it instead. Levels, worst first: breaking, warning, info, doc.
"""

from __future__ import annotations

from dataclasses import dataclass

LEVELS = ("breaking", "warning", "info", "doc")
OFF = "off"


def rank(level: str) -> int:
    """0 for breaking, growing as the level gets milder."""
    return LEVELS.index(level)


@dataclass(frozen=True)
class RuleInfo:
    id: str
    level: str
    why: str


def _rules(*rows: tuple[str, str, str]) -> dict[str, RuleInfo]:
    return {rule_id: RuleInfo(rule_id, level, why) for rule_id, level, why in rows}


CATALOGUE = _rules(
    # -- services ---------------------------------------------------------------------
    ("service-added", "info", "A new service is a new package; nothing that exists changes."),
    ("service-removed", "breaking", "Its package and every method in it disappear."),
    ("package-changed", "breaking", "Imports of the generated package stop working."),
    (
        "client-class-changed",
        "breaking",
        "Code that imports the client class by name stops working.",
    ),
    (
        "api-version-changed",
        "breaking",
        "The client asks for another API version; the service answers by that version's contract.",
    ),
    (
        "network-added",
        "info",
        "One more value for network= is accepted; existing clients are unaffected.",
    ),
    ("network-removed", "breaking", "Clients created with this network= now raise."),
    (
        "endpoint-changed",
        "breaking",
        "Clients call another host or scheme; the old one may not serve them.",
    ),
    (
        "default-network-changed",
        "warning",
        "Clients that leave network= out now reach another endpoint.",
    ),
    (
        "credential-env-changed",
        "breaking",
        "Credentials set in the old environment variable are no longer read.",
    ),
    (
        "signing-changed",
        "breaking",
        "Requests are signed another way; clients built from the old spec are refused.",
    ),
    (
        "wire-changed",
        "breaking",
        "Values are encoded another way; clients built from the old spec send what the service no longer reads.",
    ),
    (
        "response-format-changed",
        "breaking",
        "The client reads success, codes and messages from other envelope fields.",
    ),
    (
        "violation-code-changed",
        "warning",
        "A check reports another Violation.code; code that branches on the old code silently stops matching.",
    ),
    (
        "fake-changed",
        "warning",
        "The generated fake server answers differently; tests written against it may fail.",
    ),
    # -- structure types (the package's classes) --------------------------------------
    ("type-added", "info", "A new structure class; existing code is unaffected."),
    ("type-removed", "breaking", "The structure class disappears; code that imports it fails."),
    (
        "type-renamed",
        "breaking",
        "The structure class changes name; code that imports the old name fails.",
    ),
    # -- operations -------------------------------------------------------------------
    ("operation-added", "info", "A new method; existing calls are unaffected."),
    ("operation-removed", "breaking", "The method disappears; code calling it fails."),
    (
        "operation-renamed",
        "breaking",
        "The method and the wire action change name; calls by the old name fail.",
    ),
    (
        "operation-method-changed",
        "breaking",
        "Clients built from the old spec send the wrong HTTP method.",
    ),
    (
        "operation-path-changed",
        "breaking",
        "Clients built from the old spec call a path the service no longer serves.",
    ),
    (
        "operation-body-encoding-changed",
        "breaking",
        "Clients built from the old spec encode the body in a form the service no longer reads.",
    ),
    (
        "operation-now-idempotent",
        "info",
        "Repeating the call becomes safe; nothing a caller wrote breaks.",
    ),
    (
        "operation-no-longer-idempotent",
        "warning",
        "Repeating the call after a lost answer may repeat its effect; retry logic must change.",
    ),
    # -- parameters -------------------------------------------------------------------
    (
        "parameter-added-optional",
        "info",
        "A new optional keyword argument; existing calls are unaffected.",
    ),
    ("parameter-added-required", "breaking", "Existing calls do not pass it and are now rejected."),
    ("parameter-removed", "breaking", "Calls that pass it fail: the keyword argument is gone."),
    ("parameter-renamed", "breaking", "Calls using the old name fail."),
    ("parameter-made-required", "breaking", "Calls that leave it out are now rejected."),
    (
        "parameter-made-optional",
        "info",
        "Calls may now leave it out; existing calls are unaffected.",
    ),
    (
        "parameter-type-changed",
        "breaking",
        "Values of the old type are rejected or read differently.",
    ),
    ("parameter-type-widened", "info", "integer to long: every value that was valid still is."),
    (
        "parameter-type-narrowed",
        "breaking",
        "long to integer: large values that were valid are now rejected.",
    ),
    (
        "parameter-location-changed",
        "breaking",
        "Clients built from the old spec send it in the wrong place (query or body).",
    ),
    (
        "parameter-python-name-changed",
        "breaking",
        "The keyword argument is renamed; calls using the old keyword fail.",
    ),
    (
        "parameter-json-added",
        "breaking",
        "The string must now be JSON of a documented structure; other text is rejected.",
    ),
    (
        "parameter-json-removed",
        "breaking",
        "Structured Python values are no longer accepted, only strings.",
    ),
    # -- value constraints (parameters and fields inside JSON parameters) --------------
    ("enum-value-added", "info", "One more value is accepted; values that were valid still are."),
    ("enum-value-removed", "breaking", "Calls sending the removed value are now rejected."),
    (
        "enum-introduced",
        "breaking",
        "Only the listed values are accepted now; any other value is rejected.",
    ),
    ("enum-dropped", "info", "Any value is accepted now instead of a fixed list."),
    ("length-tightened", "breaking", "Values whose length was valid may now be rejected."),
    ("length-relaxed", "info", "More lengths are accepted; values that were valid still are."),
    ("range-tightened", "breaking", "Numbers that were in range may now be rejected."),
    ("range-relaxed", "info", "More numbers are accepted; values that were valid still are."),
    (
        "pattern-added",
        "breaking",
        "Only text matching the pattern is accepted now; other values are rejected.",
    ),
    (
        "pattern-changed",
        "warning",
        "A different pattern may reject values that matched before; review the two.",
    ),
    ("pattern-removed", "info", "Any text is accepted now; values that matched still are."),
    ("format-added", "breaking", "A new format or prefix check rejects values that passed before."),
    (
        "format-changed",
        "warning",
        "A different format or prefix check may reject values that passed before.",
    ),
    ("format-removed", "info", "A format or prefix check is gone; values that passed still do."),
    ("default-changed", "warning", "Calls that leave it out now get different behaviour."),
    (
        "empty-clears-added",
        "info",
        "An empty string now clears the setting; existing calls are unaffected.",
    ),
    (
        "empty-clears-removed",
        "breaking",
        "Passing CLEAR (an empty string) no longer clears the setting.",
    ),
    ("sensitive-added", "info", "The value is now masked in repr, logs and messages."),
    ("sensitive-removed", "warning", "The value is no longer masked in repr, logs and messages."),
    # -- structures carried as JSON inside string parameters ---------------------------
    ("struct-field-added-optional", "info", "A new optional key; existing values are unaffected."),
    (
        "struct-field-added-required",
        "breaking",
        "Existing values lack the key and are now rejected.",
    ),
    (
        "struct-field-removed",
        "breaking",
        "Values that carry the key are now rejected or the key is ignored.",
    ),
    ("struct-field-made-required", "breaking", "Values that leave the key out are now rejected."),
    (
        "struct-field-made-optional",
        "info",
        "Values may now leave the key out; existing values are unaffected.",
    ),
    (
        "struct-field-type-changed",
        "breaking",
        "Values of the old type are rejected or read differently.",
    ),
    (
        "struct-field-type-widened",
        "info",
        "One more type is accepted; values that were valid still are.",
    ),
    (
        "struct-variant-added",
        "info",
        "One more shape is accepted; values that were valid still are.",
    ),
    ("struct-variant-removed", "breaking", "Values of the removed shape are now rejected."),
    (
        "struct-rule-added",
        "breaking",
        "A new rule across fields rejects values that passed before.",
    ),
    (
        "struct-rule-removed",
        "info",
        "A rule across fields is gone; values that were valid still are.",
    ),
    (
        "struct-rule-tightened",
        "breaking",
        "A rule across fields allows less; values that passed may be rejected.",
    ),
    (
        "struct-rule-relaxed",
        "info",
        "A rule across fields allows more; values that were valid still are.",
    ),
    # -- rules across parameters --------------------------------------------------------
    (
        "rule-added",
        "breaking",
        "The client now checks a rule that rejects calls which passed before.",
    ),
    ("rule-removed", "info", "The client no longer checks this rule; calls that passed still do."),
    (
        "rule-tightened",
        "breaking",
        "The rule now applies to more cases or allows fewer; calls that passed may be rejected.",
    ),
    (
        "rule-relaxed",
        "info",
        "The rule applies to fewer cases or allows more; calls that passed still do.",
    ),
    (
        "rule-renamed",
        "warning",
        "The same check under another id: Violation.rule changes, code that branches on it stops matching.",
    ),
    (
        "rule-changed",
        "warning",
        "The rule changed in a way that is neither clearly tighter nor looser; review it.",
    ),
    (
        "unchecked-rule-added",
        "info",
        "A rule the service enforces is now documented; the client does not check it.",
    ),
    (
        "unchecked-rule-removed",
        "info",
        "A documented but unchecked rule is gone; the client's behaviour is unchanged.",
    ),
    # -- responses ----------------------------------------------------------------------
    ("response-field-added", "info", "A new field to read; existing readers are unaffected."),
    ("response-field-removed", "breaking", "Code that reads the field gets nothing."),
    (
        "response-field-type-changed",
        "breaking",
        "Code that reads the field gets a value of another type.",
    ),
    (
        "response-field-width-changed",
        "info",
        "integer and long are both int in Python; readers are unaffected.",
    ),
    (
        "response-enum-value-added",
        "warning",
        "The field may carry a value readers have not seen; exhaustive matches break.",
    ),
    (
        "response-enum-value-removed",
        "info",
        "The field no longer carries this value; readers that handle it are unaffected.",
    ),
    (
        "response-enum-introduced",
        "info",
        "The field's values are now documented as a fixed list; readers are unaffected.",
    ),
    (
        "response-enum-dropped",
        "warning",
        "The field may carry any value now; readers matching a fixed list may break.",
    ),
    # -- errors -------------------------------------------------------------------------
    (
        "error-added",
        "info",
        "A new error enum member; exhaustive handling of the enum may need a case.",
    ),
    ("error-removed", "breaking", "The error enum member disappears; code that names it fails."),
    ("error-status-changed", "warning", "Code that looks at the HTTP status sees another number."),
    (
        "error-status-class-changed",
        "breaking",
        "The status crosses 4xx/5xx: the error changes from the caller's fault to the server's or back.",
    ),
    (
        "error-exception-changed",
        "breaking",
        "Another exception class, not a subclass of the old one, is raised; except clauses for the old one miss it.",
    ),
    (
        "error-exception-narrowed",
        "warning",
        "A subclass of the old exception is raised: every except clause still catches it, isinstance checks on the subclass change.",
    ),
    (
        "error-placeholders-changed",
        "warning",
        "The message carries a different number of %s arguments; code that reads them breaks.",
    ),
    (
        "error-flags-changed",
        "warning",
        "Retry, throttling or not-found handling of this code changes.",
    ),
    ("operation-error-added", "info", "The operation documents one more error code it can return."),
    (
        "operation-error-removed",
        "info",
        "The operation no longer documents this code; handling it is now dead code.",
    ),
    # -- deprecation ----------------------------------------------------------------------
    (
        "deprecated-added",
        "info",
        "Marked deprecated: the client warns and documents it; nothing breaks yet.",
    ),
    ("deprecation-withdrawn", "info", "No longer deprecated; nothing changes for callers."),
    (
        "deprecation-sunset-changed",
        "warning",
        "Removal is announced for another date; migration plans may need to move.",
    ),
    (
        "removed-after-sunset",
        "info",
        "Removed after its announced sunset date: callers were warned and had until then.",
    ),
    # -- documentation ------------------------------------------------------------------
    ("description-changed", "doc", "Documentation only."),
    ("example-changed", "doc", "Documentation only."),
    ("error-message-changed", "doc", "The message text changed with the same placeholders."),
    ("notes-changed", "doc", "Maintainers' notes or a cited source changed; documentation only."),
)
