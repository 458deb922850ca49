/// The web calculator served at `/`: one self-contained page (plain JavaScript, inline SVG,
/// no request anywhere but this server's JSON API).
enum CalculatorPage {
    static let contentSecurityPolicy = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"
    static let html = #"""
<!doctype html><title>acss</title>
"""#
}
