# Usage: python3 scripts/favicon.py templates/favicon.png
# Rasterises templates/favicon.svg's shapes (a rounded square and three bars) to a 48x48 RGBA PNG,
# 4x4 supersampled, with only the standard library.
import struct, sys, zlib
S, SS = 48, 4
bg, fg = (0x0b, 0x53, 0x94), (255, 255, 255)
bars = [(10, 26, 7, 13), (20.5, 18, 7, 21), (31, 10, 7, 29)]
def inside_rounded(x, y, r=9):
    cx = min(max(x, r), S - r); cy = min(max(y, r), S - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
rows = []
for py in range(S):
    row = bytearray([0])
    for px in range(S):
        cov = white = 0
        for sy in range(SS):
            for sx in range(SS):
                x = px + (sx + 0.5) / SS; y = py + (sy + 0.5) / SS
                if inside_rounded(x, y):
                    cov += 1
                    if any(bx <= x < bx + w and by <= y < by + h for bx, by, w, h in bars):
                        white += 1
        n = SS * SS
        if cov == 0:
            row += bytes([0, 0, 0, 0]); continue
        t = white / cov
        rgb = [round(bg[i] * (1 - t) + fg[i] * t) for i in range(3)]
        row += bytes(rgb + [round(255 * cov / n)])
    rows.append(bytes(row))
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", S, S, 8, 6, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
