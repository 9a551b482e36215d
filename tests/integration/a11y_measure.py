"""Measures of what a running screen shows, as an accessibility auditor
takes them: every text's ink (from the --state-json "texts", which say what
was drawn where, in which colour) against the background its pixels sit on
(from the screenshot), every button's edge against the page around it, the
buttons' heights and the gaps between them, and the sizes of the texts.
test_a11y.py holds the screens to the targets of docs/ACCESSIBILITY.md."""

from collections import Counter

TEXT_RATIO = 7.0   # WCAG 2.2 AAA, 1.4.6
EDGE_RATIO = 3.0   # WCAG 2.2 AA, 1.4.11: the edge of a control
TARGET_H = 120     # design units (MIIT 适老化: targets >= 60 dp)
TARGET_GAP = 24


def rgb_of(hexcolour):
    h = hexcolour.lstrip("#")
    return tuple(int(h[i:i + 2], 16) for i in (0, 2, 4))


def luminance(rgb):
    def lin(c):
        c /= 255.0
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a, b):
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def far(a, b, d=48):
    return sum(abs(x - y) for x, y in zip(a, b)) > d


def pixel(img, x, y):
    w, rows = img
    x = min(max(int(x), 0), w - 1)
    y = min(max(int(y), 0), len(rows) - 1)
    r = rows[y]
    return tuple(r[3 * x:3 * x + 3])


def background(img, box, ink, scale):
    """The commonest colour in the text's box that is not its ink: what
    the glyphs are drawn on. None when the box holds nothing else."""
    x, y, w, h = (int(v * scale) for v in box)
    seen = Counter()
    step = max(1, min(w, h) // 24)
    for py in range(y, y + h, step):
        for px in range(x, x + w, step):
            c = pixel(img, px, py)
            if far(c, ink):
                seen[c] += 1
    return seen.most_common(1)[0][0] if seen else None


def texts(state, img, design_w):
    """[(text, size, ink, background, ratio)] of every text on screen."""
    scale = img[0] / design_w
    out = []
    for t in state.get("texts", []):
        ink = rgb_of(t["ink"])
        bg = background(img, t["rect"], ink, scale)
        out.append((t["text"], t["size"], ink, bg,
                    ratio(ink, bg) if bg else None))
    return out


def edges(state, img, design_w):
    """[(id, rect, ratio)]: each button's face against the page around it,
    taken at the middle of its left and right edges (the outermost ring
    of a button with an outline is the outline)."""
    scale = img[0] / design_w
    out = []
    for b in state.get("buttons", []):
        x, y, w, h = b["rect"]
        best = 0.0
        for ex, ox in ((x + 2, x - 4), (x + w - 3, x + w + 3)):
            edge = pixel(img, ex * scale, (y + h / 2) * scale)
            page = pixel(img, ox * scale, (y + h / 2) * scale)
            best = max(best, ratio(edge, page))
        out.append((b["id"], b["rect"], best))
    return out


def gaps(state):
    """[(id, id, gap)] for every two buttons side by side or one above
    the other (their extents overlap on the other axis)."""
    bs = state.get("buttons", [])
    out = []
    for i, a in enumerate(bs):
        ax, ay, aw, ah = a["rect"]
        for b in bs[i + 1:]:
            bx, by, bw, bh = b["rect"]
            if ay < by + bh and by < ay + ah:    # same band: across
                gap = max(bx - (ax + aw), ax - (bx + bw))
            elif ax < bx + bw and bx < ax + aw:  # same column: down
                gap = max(by - (ay + ah), ay - (by + bh))
            else:
                continue
            out.append((a["id"], b["id"], gap))
    return out


def inside(rect, rects):
    """Whether rect's middle lies in one of rects."""
    x, y = rect[0] + rect[2] / 2, rect[1] + rect[3] / 2
    return any(r[0] <= x < r[0] + r[2] and r[1] <= y < r[1] + r[3]
               for r in rects)


def sizes(state):
    """{text: the largest size it is drawn at}."""
    out = {}
    for t in state.get("texts", []):
        out[t["text"]] = max(out.get(t["text"], 0), t["size"])
    return out


def hexs(rgb):
    return "#%02x%02x%02x" % tuple(rgb) if rgb else "?"
