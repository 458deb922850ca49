/// The version of this toolkit: `acss --version`, the study reports' methods, CITATION.cff
/// (a test checks that the two agree).
public enum ACSSVersion {
    public static let string = "0.9.0"
}
