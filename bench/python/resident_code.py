#!/usr/bin/env python3
"""Which code of a running native executable is resident, by the jar (or JDK module) it came from.

    resident_code.py PID EXECUTABLE CLASS_MAP

EXECUTABLE must keep its method symbols (built with -H:-DeleteLocalSymbols). CLASS_MAP has a line
"<simple class name>\t<origin>" per class. The builder names a method's symbol
"<simple class name>_<method>_<hash>", without the package and, when long, cut at the front; so a
symbol is matched to a class by name, then by the end of the name, and counted as "ambiguous" when
classes of several origins share it. A page is resident if /proc/PID/pagemap says so; its bytes go to
the symbols they hold. Used by bench/resident-code.sh.
"""
import bisect
import collections
import re
import struct
import subprocess
import sys

PAGE = 4096


def load_segments(executable):
    segments = []
    for line in subprocess.run(['readelf', '-lW', executable], capture_output=True, text=True).stdout.splitlines():
        fields = line.split()
        if fields and fields[0] == 'LOAD':
            segments.append((int(fields[1], 16), int(fields[2], 16), int(fields[4], 16)))
    return segments


def load_symbols(executable):
    symbols = []
    for line in subprocess.run(['nm', '-S', '--defined-only', executable], capture_output=True, text=True).stdout.splitlines():
        m = re.match(r'([0-9a-f]+) ([0-9a-f]+) [tT] (\S+)', line)
        if m:
            symbols.append((int(m.group(1), 16), int(m.group(2), 16), m.group(3)))
    symbols.sort()
    return symbols


class Origins:
    def __init__(self, class_map):
        self.by_name = collections.defaultdict(set)
        with open(class_map) as f:
            for line in f:
                name, origin = line.rstrip('\n').split('\t')
                self.by_name[name].add(origin)
        self.reversed_names = sorted(name[::-1] for name in self.by_name)
        self.cache = {}

    def of(self, symbol):
        if symbol not in self.cache:
            self.cache[symbol] = self._find(symbol)
        return self.cache[symbol]

    def _find(self, symbol):
        base = re.sub(r'_[A-Za-z0-9]{20,24}$', '', symbol)
        candidates = sorted({base} | {base[:i] for i, c in enumerate(base) if c == '_'}, key=len, reverse=True)
        for name in candidates:
            if name in self.by_name:
                return self._one(self.by_name[name])
        for name in candidates:  # the symbol's class name was cut at the front
            if len(name) <= 12:
                continue
            suffix = name[::-1]
            i = bisect.bisect_left(self.reversed_names, suffix)
            found = set()
            while i < len(self.reversed_names) and self.reversed_names[i].startswith(suffix):
                found |= self.by_name[self.reversed_names[i][::-1]]
                i += 1
            if found:
                return self._one(found)
        return 'unknown'

    @staticmethod
    def _one(origins):
        return next(iter(origins)) if len(origins) == 1 else 'ambiguous'


def main(pid, executable, class_map):
    segments, symbols, origins = load_segments(executable), load_symbols(executable), Origins(class_map)
    starts = [s[0] for s in symbols]
    mappings = []
    with open(f'/proc/{pid}/maps') as f:
        for line in f:
            fields = line.split()
            if len(fields) >= 6 and 'x' in fields[1] and fields[5].split('/')[-1] == executable.split('/')[-1]:
                low, high = (int(x, 16) for x in fields[0].split('-'))
                mappings.append((low, high, int(fields[2], 16)))
    resident, mapped = collections.Counter(), collections.Counter()
    with open(f'/proc/{pid}/pagemap', 'rb') as pagemap:
        for low, high, offset in mappings:
            for page in range(low, high, PAGE):
                pagemap.seek(page // PAGE * 8)
                present = struct.unpack('<Q', pagemap.read(8))[0] >> 63
                file_offset = offset + page - low
                vaddr = next((v + file_offset - o for o, v, size in segments if o <= file_offset < o + size), None)
                if vaddr is None:
                    continue
                i = max(bisect.bisect_right(starts, vaddr) - 1, 0)
                while i < len(symbols) and symbols[i][0] < vaddr + PAGE:
                    start, size, name = symbols[i]
                    overlap = min(start + size, vaddr + PAGE) - max(start, vaddr)
                    if overlap > 0:
                        origin = origins.of(name)
                        mapped[origin] += overlap
                        if present:
                            resident[origin] += overlap
                    i += 1
    print(f'code resident: {sum(resident.values()) / 1e6:.1f} of {sum(mapped.values()) / 1e6:.1f} MB')
    for origin, size in resident.most_common(25):
        print(f'{size / 1e6:6.2f} of {mapped[origin] / 1e6:6.2f} MB  {origin}')


if __name__ == '__main__':
    main(*sys.argv[1:4])
