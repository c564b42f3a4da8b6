package quorum.elasticsearch.analysis;

final class Checks {
    private Checks() {}

    static void gramRange(String component, int minGram, int maxGram) {
        if (minGram < 1) {
            throw new IllegalArgumentException(component + ": min_gram must be >= 1, got " + minGram);
        }
        if (maxGram < minGram) {
            throw new IllegalArgumentException(component + ": max_gram (" + maxGram + ") must be >= min_gram (" + minGram + ")");
        }
    }
}
