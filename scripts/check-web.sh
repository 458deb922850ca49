#!/usr/bin/env bash
# Checks the web calculator (`acss serve`, page at /) in a real browser:
#   1. installs Debian's chromium and chromium-driver if missing (needs root and apt), and
#      Python's selenium from PyPI into a virtual environment under /tmp;
#   2. starts `acss serve` on a free loopback port;
#   3. with headless Chromium: loads the page, enters sequences, presses Score, reads the
#      table back and checks every shown value against the JSON API's answer for the same
#      request (POST /v1/score), checks that the page names the table and its sha256 (as
#      GET /v1/tables gives them), that the plot was drawn, that local complexity and BDM
#      fill their parts, that the page loaded nothing from elsewhere, and that at a phone's
#      width (375 px) nothing overflows the page sideways;
#   4. saves a screenshot (--screenshot PATH, default /tmp/acss-web.png).
# Exit status: 0 passed, 1 failed, 77 skipped (Chromium, its driver or selenium cannot be
# installed or started here; the reason is printed).
#
#   scripts/check-web.sh [--acss PATH] [--screenshot PATH]
set -uo pipefail
cd "$(dirname "$0")/.."
acss=""
shot="/tmp/acss-web.png"
while [ $# -gt 0 ]; do
    case "$1" in
        --acss) acss="$2"; shift ;;
        --screenshot) shot="$2"; shift ;;
        -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "check-web.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
    shift
done
source scripts/lib/check.sh check-web

browser="$(command -v chromium || command -v chromium-browser || true)"
driver="$(command -v chromedriver || true)"
if [ -z "$browser" ] || [ -z "$driver" ]; then
    apt_install "chromium/chromium-driver are" /tmp/acss-web-apt.log chromium chromium-driver
    browser="$(command -v chromium || true)"
    driver="$(command -v chromedriver || true)"
    [ -n "$browser" ] && [ -n "$driver" ] || skip "chromium or chromedriver was installed but is not on PATH"
fi
command -v python3 > /dev/null || skip "python3 is needed to drive the browser"
venv=/tmp/acss-web-venv
if ! "$venv/bin/python" -c "import selenium" 2> /dev/null; then
    say "installing selenium into $venv"
    (python3 -m venv "$venv" && "$venv/bin/pip" install -q selenium) > /tmp/acss-web-pip.log 2>&1 \
        || { tail -5 /tmp/acss-web-pip.log; skip "could not install Python's selenium (log above)"; }
fi

if [ -z "$acss" ]; then
    swift build --product acss > /dev/null 2>&1 || { say "FAILED: build"; exit 1; }
    acss="$(swift build --show-bin-path)/acss"
fi
log="$(mktemp /tmp/acss-web-serve.XXXXXX)"
"$acss" serve --port 0 --threads 4 2> "$log" &
server=$!
trap 'kill "$server" 2> /dev/null; wait "$server" 2> /dev/null; rm -f "$log"' EXIT
port=""
for _ in $(seq 1 100); do
    port="$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -1 | sed 's/.*://')"
    [ -n "$port" ] && break
    kill -0 "$server" 2> /dev/null || { cat "$log"; say "FAILED: acss serve did not start"; exit 1; }
    sleep 0.1
done
[ -n "$port" ] || { cat "$log"; say "FAILED: acss serve did not say its port"; exit 1; }
say "acss serve on port $port"

ACSS_PORT="$port" ACSS_BROWSER="$browser" ACSS_DRIVER="$driver" ACSS_SHOT="$shot" "$venv/bin/python" - <<'PY'
import json, os, sys, urllib.request
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait, Select

base = "http://127.0.0.1:%s" % os.environ["ACSS_PORT"]
def api(path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as r:
        return json.loads(r.read())

options = webdriver.ChromeOptions()
options.binary_location = os.environ["ACSS_BROWSER"]
for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,2600"]:
    options.add_argument(a)
options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
try:
    driver = webdriver.Chrome(service=Service(os.environ["ACSS_DRIVER"]), options=options)
except WebDriverException as e:
    print("check-web: SKIPPED: headless Chromium did not start: %s" % str(e).splitlines()[0])
    sys.exit(77)
failures = []
def check(ok, what):
    if not ok:
        failures.append(what)
        print("check-web: FAIL: " + what)
try:
    driver.set_page_load_timeout(30)
    driver.get(base + "/")
    wait = WebDriverWait(driver, 20)
    wait.until(lambda d: d.find_element(By.ID, "version").text != "")
    sequences = ["HTHHTHTT", "HHHHHHHH", "THTHHTTHTHHT", "HTHTHTHTHTHTHTHTHTHTHTHH", "HTXQ3152646213"]
    box = driver.find_element(By.ID, "sequences")
    box.clear()
    box.send_keys("\n".join(sequences))
    Select(driver.find_element(By.ID, "alphabet")).select_by_value("2")
    driver.find_element(By.ID, "score").click()
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#results tbody tr")) == len(sequences))
    expected = api("/v1/score", {"sequences": sequences, "alphabet": 2})["results"]
    rows = driver.find_elements(By.CSS_SELECTOR, "#results tbody tr")
    compared = 0
    for row, want in zip(rows, expected):
        for cell in row.find_elements(By.TAG_NAME, "td"):
            key, value = cell.get_attribute("data-key"), cell.get_attribute("data-value")
            w = want[key]
            check(value == ("" if w is None else (str(w) if not isinstance(w, float) else value)), "%s of %s: page %r, API %r" % (key, want["string"], value, w))
            if isinstance(w, float):
                check(abs(float(value) - w) == 0, "%s of %s: page %r, API %r" % (key, want["string"], value, w))
            compared += 1
    check(compared >= len(sequences) * 10, "compared %d cells" % compared)
    # The shown text follows the API's value (K to 4 decimals).
    k_cell = rows[0].find_element(By.CSS_SELECTOR, "td[data-key=K]")
    check(k_cell.text == "%.4f" % expected[0]["K"], "K shown %r, API %.4f" % (k_cell.text, expected[0]["K"]))
    check("error" in rows[4].find_element(By.CSS_SELECTOR, "td[data-key=error]").get_attribute("class"), "the failed row shows its error")
    # Table name and sha256, as the catalogue gives them.
    tables = {t["name"]: t for t in api("/v1/tables")["tables"]}
    wait.until(lambda d: "sha256" in d.find_element(By.ID, "tableinfo").text)
    info = driver.find_element(By.ID, "tableinfo").text
    check("D5-T500" in info and tables["D5-T500"]["sha256"] in info, "table info %r" % info)
    # The plot: one point per scored sequence, and the reference band.
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#plot svg circle")) > 0)
    check(len(driver.find_elements(By.CSS_SELECTOR, "#plot svg circle")) == 4, "4 points in the plot")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#plot svg polygon")) == 1, "the reference band")
    # Local complexity of the third sequence.
    Select(driver.find_element(By.ID, "localSeq")).select_by_value("THTHHTTHTHHT")
    span = driver.find_element(By.ID, "span"); span.clear(); span.send_keys("4")
    driver.find_element(By.ID, "local").click()
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#localResults tbody tr")) > 0)
    local = api("/v1/local", {"sequences": ["THTHHTTHTHHT"], "span": 4, "alphabet": 2})["results"]
    shown = [float(td.get_attribute("data-value")) for td in driver.find_elements(By.CSS_SELECTOR, "#localResults td[data-key=K]")]
    check(shown == [r["K"] for r in local], "local K %r vs API %r" % (shown, [r["K"] for r in local]))
    # BDM with blocks of 6 overlapping by 2 (step 4).
    size = driver.find_element(By.ID, "blockSize"); size.clear(); size.send_keys("6")
    overlap = driver.find_element(By.ID, "overlap"); overlap.clear(); overlap.send_keys("2")
    driver.find_element(By.ID, "bdm").click()
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#bdmResults tbody tr")) == len(sequences))
    bdm = api("/v1/bdm", {"sequences": sequences, "block_size": 6, "step": 4, "alphabet": 2})["results"]
    shown = [td.get_attribute("data-value") for td in driver.find_elements(By.CSS_SELECTOR, "#bdmResults td[data-key=BDM]")]
    check(shown == ["" if r["BDM"] is None else str(r["BDM"]) for r in bdm] or all(
        (s == "" and r["BDM"] is None) or (s != "" and float(s) == r["BDM"]) for s, r in zip(shown, bdm)), "BDM %r vs API" % shown)
    # CSV download: the file holds the API's rows (keys as header, one line per sequence).
    driver.execute_script("window.__csv = null; const make = URL.createObjectURL; URL.createObjectURL = (b) => { b.text().then((t) => { window.__csv = t; }); return make(b); };")
    driver.find_element(By.ID, "download").click()
    wait.until(lambda d: d.execute_script("return window.__csv") is not None)
    lines = driver.execute_script("return window.__csv").strip("\n").split("\n")
    check(lines[0] == ",".join(expected[0].keys()), "CSV header %r" % lines[0])
    check(len(lines) == len(sequences) + 1, "CSV has %d lines" % len(lines))
    check(lines[1].startswith(expected[0]["string"] + ",") and repr(expected[0]["K"]) in lines[1], "CSV first row %r" % lines[1])
    # CSV upload with a column choice: the chosen column's values become the sequences.
    upload = os.path.join(os.environ.get("TMPDIR", "/tmp"), "acss-web-upload.csv")
    with open(upload, "w") as f:
        f.write("participant;response;rt\nP1;HTTHTHHT;812\nP2;\"HHHHTTTT\";640\n")
    driver.find_element(By.ID, "csv").send_keys(upload)
    wait.until(lambda d: d.find_element(By.ID, "column").is_displayed())
    Select(driver.find_element(By.ID, "column")).select_by_visible_text("response")
    check(driver.find_element(By.ID, "sequences").get_attribute("value") == "HTTHTHHT\nHHHHTTTT",
          "uploaded column: %r" % driver.find_element(By.ID, "sequences").get_attribute("value"))
    driver.find_element(By.ID, "score").click()
    wait.until(lambda d: [td.get_attribute("data-value") for td in d.find_elements(By.CSS_SELECTOR, "#results td[data-key=string]")] == ["HTTHTHHT", "HHHHTTTT"])
    os.remove(upload)
    # Nothing from elsewhere: every request went to this server.
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            check(url.startswith(base) or url.startswith("data:") or url.startswith("blob:"), "request to %s" % url)
    check(not [e for e in driver.get_log("browser") if e["level"] == "SEVERE"], "no errors in the console")
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(os.environ["ACSS_SHOT"])
    # A phone's width: the page must not scroll sideways (wide tables scroll in their box).
    # (Emulated: headless Chromium's windows are at least 500 px wide.)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 375, "height": 800, "deviceScaleFactor": 2, "mobile": True})
    driver.execute_script("window.scrollTo(0, 0)")
    sizes = driver.execute_script("return [window.innerWidth, document.documentElement.clientWidth, document.documentElement.scrollWidth]")
    check(sizes[0] == 375, "the emulated phone is %d px wide" % sizes[0])
    check(sizes[2] <= sizes[1], "at 375 px the page is %d px wide in a %d px viewport" % (sizes[2], sizes[1]))
    driver.save_screenshot(os.environ["ACSS_SHOT"].replace(".png", "-phone.png"))
finally:
    driver.quit()
if failures:
    print("check-web: FAILED (%d problems)" % len(failures))
    sys.exit(1)
print("check-web: passed (%d sequences, every cell equal to the API's; screenshot %s)" % (len(sequences), os.environ["ACSS_SHOT"]))
PY
status=$?
grep -c '" 200 ' "$log" > /dev/null || { say "FAILED: no request in the access log"; exit 1; }
exit "$status"
