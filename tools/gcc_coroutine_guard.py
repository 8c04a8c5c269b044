#!/usr/bin/env python3
"""Fails a GCC build on a pattern GCC 12 miscompiles in coroutines (docs/guide.md, "Compiler
pitfalls"): an aggregate temporary whose type has a non-trivial destructor, initialised in a
full-expression that contains co_await or co_yield. GCC 12 destroys its members twice (checked:
host g++ 12.2 at -O0/-O2, with and without -fno-exceptions, and arm-none-eabi-g++ 12.2 under QEMU;
tests/gcc_bugs/ shows it). For example, with `struct Msg { Buffer b; };`:

    co_await channel.send(Msg{std::move(buffer)});   // Buffer's destructor runs twice
    Msg m{std::move(buffer)};                         // fine: a named variable, then
    co_await channel.send(std::move(m));

  gcc_coroutine_guard.py --clang CLANG [--clang-arg ARG]... [--stamp FILE] SOURCE...

Two steps, so that only files that may contain the pattern pay for the second:
1. A text pass finds every full-expression with co_await/co_yield that contains a braced
   initialiser (`T{...}`, `T<...>{...}` or a braced argument `f({...})`). Most files have none.
2. For a file with candidates, clang parses it with the build's include paths and definitions and
   dumps its AST. An aggregate temporary with a non-trivial destructor is a CXXBindTemporaryExpr
   whose operand is an InitListExpr (braces) or CXXParenListInitExpr (C++20 parentheses); it is
   reported when it sits in the same full-expression (ExprWithCleanups) as a CoawaitExpr. So a
   trivially destructible aggregate (`Reading{now, value}`) or a class with a constructor is not
   reported, and a parenthesised aggregate is, when the file also had a braced candidate.
   If clang cannot parse the file, the text candidates themselves are reported (never silence).

Each finding is printed as `file:line:col: error: ...` and the exit status is 1; 0 when clean (the
stamp file is then written, for the build's dependency tracking).
"""
import argparse
import os
import re
import subprocess
import sys

KEYWORDS_BEFORE_BLOCK = {"else", "do", "try", "return", "co_return", "co_await", "co_yield", "mutable",
                         "noexcept", "const", "override", "final", "throw"}


def strip_code(text):
    """Blanks comments, string and character literals and preprocessor lines, keeping newlines."""
    out = []
    i, n = 0, len(text)
    at_line_start = True
    while i < n:
        c = text[i]
        if at_line_start and c == "#":  # a directive, with its continuation lines
            while i < n and text[i] != "\n":
                if text[i] == "\\" and i + 1 < n and text[i + 1] == "\n":
                    out.append(" \n")
                    i += 2
                    continue
                out.append(" ")
                i += 1
            continue
        if c == "\n":
            out.append(c)
            at_line_start = True
            i += 1
            continue
        if not c.isspace():
            at_line_start = False
        if text.startswith("//", i):
            while i < n and text[i] != "\n":
                out.append(" ")
                i += 1
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
            continue
        m = re.match(r'(?:u8|u|U|L)?R"([^(\s]*)\(', text[i:i + 40])
        if m:
            end = text.find(")" + m.group(1) + '"', i + m.end())
            end = n if end < 0 else end + len(m.group(1)) + 2
            out.append(re.sub(r"[^\n]", " ", text[i:end]))
            i = end
            continue
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
            continue
        out.append(c)
        i += 1
    return "".join(out)


TOKEN = re.compile(r"[A-Za-z_]\w*|\d[\w.']*|::|->|\S")


def tokens(code):
    result = []
    for line_no, line in enumerate(code.split("\n"), 1):
        for m in TOKEN.finditer(line):
            result.append((m.group(0), line_no, m.start() + 1))
    return result


def matching(toks, i, step):
    """Index of the bracket matching toks[i] (step +1 forward from an opener, -1 backward)."""
    pairs = {"(": ")", "[": "]", "{": "}"} if step > 0 else {")": "(", "]": "[", "}": "{"}
    opener, closer = toks[i][0], pairs[toks[i][0]]
    depth = 0
    j = i
    while 0 <= j < len(toks):
        if toks[j][0] == opener:
            depth += 1
        elif toks[j][0] == closer:
            depth -= 1
            if depth == 0:
                return j
        j += step
    return len(toks) - 1 if step > 0 else 0


def is_init_brace(toks, k):
    """True if the `{` at k opens a braced initialiser (not a block or a lambda body)."""
    prev = toks[k - 1][0] if k > 0 else ""
    if prev in ("(", ",", ">", "="):
        return True
    return bool(re.match(r"[A-Za-z_]\w*$", prev)) and prev not in KEYWORDS_BEFORE_BLOCK


def candidates(path):
    """(line, col, text) of braced initialisers in full-expressions with co_await/co_yield."""
    with open(path, encoding="utf-8", errors="replace") as f:
        toks = tokens(strip_code(f.read()))
    found = {}
    for i, (tok, _, _) in enumerate(toks):
        if tok not in ("co_await", "co_yield"):
            continue
        # Back to the start of the full-expression: `;`, a block's brace, or an unmatched `(`
        # (an if/switch/while condition).
        start = 0
        j = i - 1
        while j >= 0:
            t = toks[j][0]
            if t in (")", "]"):
                j = matching(toks, j, -1) - 1
                continue
            if t == "}":
                k = matching(toks, j, -1)
                if is_init_brace(toks, k):
                    j = k - 1
                    continue
                start = j + 1
                break
            if t in (";", "{", "(", "["):
                start = j + 1
                break
            j -= 1
        # Forward to its end: `;` or an unmatched closer.
        end = len(toks)
        j = i + 1
        while j < len(toks):
            t = toks[j][0]
            if t in ("(", "[", "{"):
                j = matching(toks, j, +1) + 1
                continue
            if t in (";", ")", "]", "}"):
                end = j
                break
            j += 1
        k = start
        while k < end:
            t = toks[k][0]
            if t == "{":
                if is_init_brace(toks, k):
                    prev = toks[k - 1][0] if k > 0 else ""
                    found[(toks[k][1], toks[k][2])] = f"{prev}{{" if prev not in ("(", ",", "=") else "{"
                else:  # a lambda body: its statements are not part of this expression
                    k = matching(toks, k, +1)
            k += 1
    return [(line, col, text) for (line, col), text in sorted(found.items())]


LOC = re.compile(r"(<built-in>|<scratch space>|[^\s<>,:]+\.\w+):(\d+):(\d+)|line:(\d+):(\d+)|col:(\d+)")


def ast_findings(path, clang, clang_args):
    """Aggregate temporaries with destructors in co_await full-expressions, from clang's AST."""
    cmd = [clang, "-fsyntax-only", "-Xclang", "-ast-dump", "-fno-color-diagnostics", "-w", *clang_args, path]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace")
    if r.returncode != 0:
        return None, r.stderr
    main = os.path.realpath(path)
    # The dump lists the headers' declarations first (tens of MB for mote.hpp and the C++
    # library): start at the first location in this file, where its own declarations begin.
    # clang prints a file name only when it changes, so the tracking starts in this file there.
    dump = r.stdout
    first = dump.find("<" + path + ":")
    if first < 0:
        return [], ""
    dump = dump[dump.rfind("\n", 0, first) + 1:]
    cur_file, cur_line = path, 0
    nodes = []  # (indent, kind, file, line, col)
    for raw in dump.split("\n"):
        m = re.match(r"[\s|`-]*", raw)
        indent = m.end()
        kind = re.match(r"\w*", raw[indent:]).group(0)
        first = None
        for lm in LOC.finditer(raw[indent:]):
            if lm.group(1):
                cur_file, cur_line, col = lm.group(1), int(lm.group(2)), int(lm.group(3))
            elif lm.group(4):
                cur_line, col = int(lm.group(4)), int(lm.group(5))
            else:
                col = int(lm.group(6))
            if first is None:
                first = (cur_file, cur_line, col)
        if kind:
            nodes.append((indent, kind, *(first or (cur_file, cur_line, 0))))
    findings = set()
    for i, (indent, kind, *_rest) in enumerate(nodes):
        if kind != "ExprWithCleanups":
            continue
        j = i + 1
        sub = []
        while j < len(nodes) and nodes[j][0] > indent:
            sub.append(nodes[j])
            j += 1
        if not any(n[1] in ("CoawaitExpr", "CoyieldExpr", "DependentCoawaitExpr") for n in sub):
            continue
        for a, b in zip(sub, sub[1:]):
            if a[1] == "CXXBindTemporaryExpr" and b[1] in ("InitListExpr", "CXXParenListInitExpr") and b[0] > a[0]:
                if b[2] and os.path.realpath(b[2]) == main:
                    findings.add((b[3], b[4]))
    return sorted(findings), ""


MESSAGE = ("an aggregate temporary with a destructor in an expression with co_await: GCC 12 destroys "
           "its members twice here (docs/guide.md, \"Compiler pitfalls\"). Initialise a named variable "
           "before the co_await and use that, or give the type a constructor")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--clang", required=True)
    p.add_argument("--clang-arg", action="append", default=[])
    p.add_argument("--stamp")
    p.add_argument("sources", nargs="+")
    a = p.parse_args()
    errors = 0
    for src in a.sources:
        if not src.endswith((".cpp", ".cc", ".cxx", ".hpp", ".h", ".hh")):
            continue
        cands = candidates(src)
        if not cands:
            continue
        findings, diag = ast_findings(src, a.clang, a.clang_arg)
        if findings is None:
            print(f"{src}: mote: clang could not parse this file to check it for GCC 12's coroutine "
                  f"bug; reporting every braced initialiser in a co_await expression:\n{diag}", file=sys.stderr)
            findings = [(line, col) for line, col, _ in cands]
        for line, col in findings:
            print(f"{src}:{line}:{col}: error: mote: {MESSAGE}", file=sys.stderr)
            errors += 1
    if errors:
        return 1
    if a.stamp:
        with open(a.stamp, "w") as f:
            f.write("ok\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
