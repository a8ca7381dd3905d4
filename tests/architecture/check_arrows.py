#!/usr/bin/python3
"""The daemon's libraries and their allowed arrows, checked against the sources.

arrows.txt (written by tests/CMakeLists.txt from the targets themselves) has lines
"source PATH LIBRARY" and "link LIBRARY DEPENDENCY". Every #include "server/..." of a source
must name a header of its own library or of one the library reaches through its links, and
the links must have no cycle. Exit status 1 with file:line for each arrow that is not allowed.
"""
import collections
import os
import re
import sys

INCLUDE = re.compile(r'\s*#\s*include\s+"(server/[^"]+)"')


def check(owner, links, read):
    errors = []
    # No library may reach itself.
    state = {}

    def visit(lib, path):
        state[lib] = 1
        for dep in sorted(links.get(lib, ())):
            if state.get(dep) == 1:
                errors.append('cycle: ' + ' -> '.join(path + [lib, dep]))
            elif dep not in state:
                visit(dep, path + [lib])
        state[lib] = 2

    for lib in sorted(links):
        if lib not in state:
            visit(lib, [])
    reach = {}

    def reachable(lib):
        if lib not in reach:
            seen, todo = set(), [lib]
            while todo:
                for dep in links.get(todo.pop(), ()):
                    if dep not in seen:
                        seen.add(dep)
                        todo.append(dep)
            reach[lib] = seen
        return reach[lib]

    for path in sorted(owner):
        lib = owner[path]
        for number, line in enumerate(read(path), 1):
            m = INCLUDE.match(line)
            if not m or m.group(1) not in owner:
                continue
            dep = owner[m.group(1)]
            if dep != lib and dep not in reachable(lib):
                errors.append(f'{path}:{number}: {lib} includes {m.group(1)} of {dep}, which {lib} does not link')
    return errors


def self_test():
    # A checker that finds nothing wrong in a wrong tree would be no test at all.
    owner = {'server/a/a.h': 'low', 'server/b/b.h': 'high', 'server/c/c.h': 'other'}
    files = {'server/a/a.h': ['#include "server/b/b.h"'], 'server/b/b.h': ['#include "server/a/a.h"'],
             'server/c/c.h': ['#include "server/a/a.h"']}
    errors = check(owner, {'high': {'low'}, 'other': set()}, lambda p: files[p])
    assert errors == ['server/a/a.h:1: low includes server/b/b.h of high, which low does not link',
                      'server/c/c.h:1: other includes server/a/a.h of low, which other does not link'], errors
    assert check({}, {'x': {'y'}, 'y': {'x'}}, lambda p: []) == ['cycle: x -> y -> x']


def main():
    self_test()
    arrows, root = sys.argv[1], sys.argv[2]
    owner, links = {}, collections.defaultdict(set)
    for line in open(arrows, encoding='utf-8'):
        kind, a, b = line.split()
        if kind == 'source':
            owner[a] = b
        else:
            links[a].add(b)
    errors = check(owner, links, lambda p: open(os.path.join(root, p), encoding='utf-8'))
    for e in errors:
        print(e)
    print(f'{len(owner)} sources in {len(set(owner.values()))} libraries, {sum(len(v) for v in links.values())} arrows: '
          + ('all allowed' if not errors else f'{len(errors)} not allowed'))
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
