#!/usr/bin/env bash
# Checks the study figures in a real browser:
#   1. installs Debian's chromium (and fonts-liberation, the metric twin of Helvetica/Arial the
#      figures ask for) if missing (needs root and apt);
#   2. runs a small `acss simulate-study` + `acss study` into a scratch folder;
#   3. renders every SVG, and report.html, with headless Chromium: a page with a small inline
#      script measures each <svg>'s rendered size and every <text>'s box
#      (getBoundingClientRect, after transforms) and writes them into the DOM, which
#      `chromium --dump-dom` prints;
#   4. checks each figure's rendered width (--figure-width, 85 mm = 321.3 CSS px), that no
#      text box leaves its canvas and that no two text boxes overlap, and that report.html
#      loads nothing from elsewhere and holds every figure.
# Exit status: 0 passed, 1 failed, 77 skipped (Chromium cannot be installed or started here;
# the reason is printed).
#
#   scripts/check-figures.sh [--acss PATH] [--keep DIR]
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/check.sh check-figures
check_options "$@"

browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ] || ! fc-list 2>/dev/null | grep -qi "Liberation Sans"; then
    apt_install "chromium/fonts-liberation are" /tmp/acss-chromium-apt.log chromium fonts-liberation
    browser="$(command -v chromium || true)"
    [ -n "$browser" ] || skip "chromium was installed but is not on PATH"
fi
command -v python3 > /dev/null || skip "python3 is needed to read the measured boxes"

if [ -z "$acss" ]; then
    swift build --product acss > /dev/null 2>&1 || { say "FAILED: build"; exit 1; }
    acss="$(swift build --show-bin-path)/acss"
fi
work="${keep:-$(mktemp -d /tmp/acss-figures.XXXXXX)}"
mkdir -p "$work"
[ -n "$keep" ] || trap 'rm -rf "$work"' EXIT
"$acss" simulate-study --participants 400 --seed 14 --out "$work/sim" > /dev/null || { say "FAILED: acss simulate-study"; exit 1; }
"$acss" study "$work/sim/study_long.csv" --out "$work/report" --bootstrap 50 --quiet > "$work/study.log" 2>&1
case $? in 0|1) ;; *) cat "$work/study.log"; say "FAILED: acss study"; exit 1 ;; esac

# The measuring script: every <svg> of the page, its size in CSS px, and its texts' boxes
# relative to it, as JSON in <pre id="boxes">.
measure='<script>
window.addEventListener("load", function () {
  var out = [];
  document.querySelectorAll("svg").forEach(function (svg, i) {
    var r = svg.getBoundingClientRect();
    var texts = [];
    svg.querySelectorAll("text").forEach(function (t) {
      var b = t.getBoundingClientRect();
      texts.push({text: t.textContent, x: b.left - r.left, y: b.top - r.top, w: b.width, h: b.height,
                  size: parseFloat(t.getAttribute("font-size")) * r.width / svg.viewBox.baseVal.width});
    });
    out.push({index: i, width: r.width, height: r.height, attrWidth: svg.getAttribute("width"), texts: texts});
  });
  var pre = document.createElement("pre");
  pre.id = "boxes";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>'
render() { # page.html -> dom.html
    timeout 60 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --virtual-time-budget=5000 \
        --dump-dom "file://$1" > "$2" 2> "$2.err"
}

pages=()
for svg in "$work"/report/*.svg; do
    page="$work/$(basename "$svg" .svg).page.html"
    { echo '<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{margin:0}</style></head><body>'
      sed '1{/^<?xml/d}' "$svg"
      echo "$measure</body></html>"; } > "$page"
    pages+=("$page")
done
cp "$work/report/report.html" "$work/report.page.html"
sed -i "s#</body>#$(printf '%s' "$measure" | tr '\n' ' ' | sed 's/[#&]/\\&/g')</body>#" "$work/report.page.html"
pages+=("$work/report.page.html")

for page in "${pages[@]}"; do
    render "$page" "$page.dom" || { cat "$page.dom.err" | tail -5; skip "headless chromium could not render $(basename "$page")"; }
    grep -q 'id="boxes"' "$page.dom" || { tail -5 "$page.dom.err"; skip "headless chromium ran no script on $(basename "$page")"; }
done

python3 - "$work" "${pages[@]}" <<'PY'
import html, json, re, sys
work, pages = sys.argv[1], sys.argv[2:]
failures = []
mm_px = 96 / 25.4
summary = []
for page in pages:
    dom = open(page + ".dom", encoding="utf-8").read()
    boxes = json.loads(html.unescape(re.search(r'<pre id="boxes">(.*?)</pre>', dom, re.S).group(1)))
    name = page.split("/")[-1].replace(".page.html", "")
    if name == "report":
        source = open(work + "/report/report.html", encoding="utf-8").read()
        if re.search(r'(src|href)\s*=\s*"(https?:)?//', source) or "<script" in source or "<link" in source:
            failures.append("report.html: loads something from elsewhere or has a script")
        svgs = len(re.findall(r"<svg[ >]", source))
        expected = len([p for p in pages if not p.endswith("report.page.html")])
        if svgs != expected:
            failures.append(f"report.html: {svgs} inline figures, expected {expected}")
    for svg in boxes:
        label = name if name != "report" else f"report.html figure {svg['index'] + 1}"
        m = re.match(r"([\d.]+)mm", svg["attrWidth"] or "")
        if not m:
            failures.append(f"{label}: width attribute {svg['attrWidth']!r} is not in mm")
        elif name != "report" and abs(svg["width"] - float(m.group(1)) * mm_px) > 1:
            failures.append(f"{label}: rendered {svg['width']:.1f} px wide, expected {float(m.group(1)) * mm_px:.1f} px ({m.group(1)} mm)")
        tol = 0.5
        texts = svg["texts"]
        smallest = min((t["size"] for t in texts), default=0)
        # font sizes in pt at the printed width: px per pt = 96/72 at 1:1
        smallest_pt = smallest * 72 / 96 * (float(m.group(1)) * mm_px / svg["width"] if m else 1)
        for t in texts:
            if t["x"] < -tol or t["y"] < -tol or t["x"] + t["w"] > svg["width"] + tol or t["y"] + t["h"] > svg["height"] + tol:
                failures.append(f"{label}: text {t['text']!r} leaves the canvas ({t['x']:.1f},{t['y']:.1f} {t['w']:.1f}x{t['h']:.1f} in {svg['width']:.1f}x{svg['height']:.1f})")
        overlaps = 0
        for i in range(len(texts)):
            for j in range(i + 1, len(texts)):
                a, b = texts[i], texts[j]
                ox = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
                oy = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
                if ox > tol and oy > tol:
                    overlaps += 1
                    failures.append(f"{label}: {a['text']!r} overlaps {b['text']!r} by {ox:.1f}x{oy:.1f} px")
        if name != "report":
            summary.append(f"{label}: {svg['width']:.1f}x{svg['height']:.1f} px ({svg['attrWidth']}), {len(texts)} texts, smallest {smallest_pt:.2f} pt, {overlaps} overlaps")
        else:
            summary.append(f"{label}: {svg['width']:.1f}x{svg['height']:.1f} px, {len(texts)} texts, {overlaps} overlaps")
for line in summary:
    print("check-figures: " + line)
for f in failures:
    print("check-figures: FAIL " + f)
sys.exit(1 if failures else 0)
PY
status=$?
[ $status = 0 ] && say "passed" || say "FAILED"
exit $status
