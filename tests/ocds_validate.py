#!/usr/bin/python3
"""Validates OCDS 1.1 release packages against the release package schema.

Usage: /usr/bin/python3 tests/ocds_validate.py [--standards DIR] FILE...

The schemas are DIR/ocds/release-package-schema.json and
DIR/ocds/release-schema.json; DIR defaults to $PAIKKA_STANDARDS, else
../shared/standards beside the repository. The package schema refers to
the release schema by its https URL: that URL is mapped to the local
file, and any other remote reference is refused, so nothing is ever
fetched from the network. The validator class follows the schema's
$schema (draft-04 for OCDS 1.1). Formats are checked too: draft-04's own
and, since they need optional Python packages otherwise, "date-time"
(RFC 3339) and "uri" (an absolute RFC 3986 URI) defined here.

Prints "ok FILE" or "invalid FILE: <where>: <message>" per error. Exit
status: 0 every file valid, 1 some file invalid, 2 bad usage or the
schemas missing (the message names the path looked at).

Debian's python3-jsonschema (4.10) is enough; run it with /usr/bin/python3.
"""
import datetime
import json
import os
import re
import sys
import warnings

import jsonschema
from jsonschema import validators

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

DATE_TIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?"
    r"(Z|[+-](\d{2}):(\d{2}))$")
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:"
                 r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")


def is_date_time(value):
    if not isinstance(value, str):
        return True
    m = DATE_TIME.match(value)
    if not m:
        return False
    y, mo, d, h, mi, s = (int(m.group(i)) for i in range(1, 7))
    try:
        # A leap second (60) is allowed by RFC 3339; check the rest.
        datetime.datetime(y, mo, d, h, mi, min(s, 59))
    except ValueError:
        return False
    if s > 60:
        return False
    if m.group(9) is not None and (int(m.group(9)) > 23 or
                                   int(m.group(10)) > 59):
        return False
    return True


def is_uri(value):
    if not isinstance(value, str):
        return True
    return URI.match(value) is not None


def format_checker(cls):
    base = getattr(cls, "FORMAT_CHECKER", None)
    if base is None:
        base = jsonschema.draft4_format_checker
    checker = jsonschema.FormatChecker(formats=())
    checker.checkers = dict(base.checkers)
    checker.checks("date-time")(is_date_time)
    checker.checks("uri")(is_uri)
    return checker


def refuse(uri):
    raise jsonschema.RefResolutionError(
        "remote reference %s is not mapped to a local file" % uri)


def load_validator(standards):
    ocds = os.path.join(standards, "ocds")
    paths = [os.path.join(ocds, n)
             for n in ("release-package-schema.json", "release-schema.json")]
    for p in paths:
        if not os.path.isfile(p):
            return None, "schema not found at %s" % p
    with open(paths[0], encoding="utf-8") as f:
        package = json.load(f)
    with open(paths[1], encoding="utf-8") as f:
        release = json.load(f)
    cls = validators.validator_for(package, default=jsonschema.Draft4Validator)
    cls.check_schema(package)
    cls.check_schema(release)
    store = {s["id"]: s for s in (package, release) if "id" in s}
    with warnings.catch_warnings():
        # RefResolver is deprecated in newer jsonschema; 4.10 has only it.
        warnings.simplefilter("ignore", DeprecationWarning)
        resolver = jsonschema.RefResolver.from_schema(
            package, store=store, handlers={"http": refuse, "https": refuse})
    return cls(package, resolver=resolver,
               format_checker=format_checker(cls)), None


def where(error):
    return "/" + "/".join(str(p) for p in error.absolute_path)


def main(argv):
    standards = os.environ.get("PAIKKA_STANDARDS") or os.path.join(
        ROOT, "..", "shared", "standards")
    args = argv[1:]
    if len(args) >= 2 and args[0] == "--standards":
        standards = args[1]
        args = args[2:]
    if not args or args[0].startswith("-"):
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    validator, why = load_validator(standards)
    if validator is None:
        print(why, file=sys.stderr)
        return 2
    bad = 0
    for name in args:
        try:
            with open(name, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            print("invalid %s: not JSON: %s" % (name, e))
            bad += 1
            continue
        errors = sorted(validator.iter_errors(doc),
                        key=lambda e: list(map(str, e.absolute_path)))
        for e in errors:
            print("invalid %s: %s: %s" % (name, where(e), e.message))
        if errors:
            bad += 1
        else:
            print("ok %s" % name)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
