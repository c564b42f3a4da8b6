package quorum.elasticsearch.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.reverse.ReverseStringFilter;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.BooleanSetting;
import org.elasticsearch.plugin.settings.IntSetting;
import org.elasticsearch.plugin.settings.StringSetting;

/** Token filter {@code edge_ngram}: min_gram (1), max_gram (2), preserve_original (false), side (front|back). */
@NamedComponent("edge_ngram")
public class EdgeNGramTokenFilterFactory implements TokenFilterFactory {

    @AnalysisSettings
    public interface Settings {
        @IntSetting(path = "min_gram", defaultValue = 1)
        int minGram();

        @IntSetting(path = "max_gram", defaultValue = 2)
        int maxGram();

        @BooleanSetting(path = "preserve_original", defaultValue = false)
        boolean preserveOriginal();

        @StringSetting(path = "side", defaultValue = "front")
        String side();
    }

    private final int minGram;
    private final int maxGram;
    private final boolean preserveOriginal;
    private final boolean back;

    @Inject
    public EdgeNGramTokenFilterFactory(Settings settings) {
        this.minGram = settings.minGram();
        this.maxGram = settings.maxGram();
        this.preserveOriginal = settings.preserveOriginal();
        String side = settings.side();
        if ("back".equals(side)) {
            this.back = true;
        } else if ("front".equals(side)) {
            this.back = false;
        } else {
            throw new IllegalArgumentException("edge_ngram: unknown side [" + side + "], expected [front] or [back]");
        }
        Checks.gramRange("edge_ngram", minGram, maxGram);
    }

    @Override
    public TokenStream create(TokenStream in) {
        if (back) {
            // grams taken from the end of the token: reverse, take prefixes, reverse back
            return new ReverseStringFilter(new EdgeNGramTokenFilter(new ReverseStringFilter(in), minGram, maxGram, preserveOriginal));
        }
        return new EdgeNGramTokenFilter(in, minGram, maxGram, preserveOriginal);
    }
}
