package quorum.elasticsearch.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;

/**
 * Analyzer {@code english}: standard tokenizer, English possessive filter, lowercase, English stop words, Porter stemmer
 * (Lucene's EnglishAnalyzer with its defaults; the stopwords / stem_exclusion settings are not supported).
 */
@NamedComponent("english")
public class EnglishAnalyzerFactory implements AnalyzerFactory {

    @Override
    public Analyzer create() {
        return new EnglishAnalyzer();
    }
}
