package quorum.elasticsearch.analysis;

import java.util.Locale;
import java.util.function.UnaryOperator;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.StringSetting;
import org.tartarus.snowball.ext.EnglishStemmer;

/**
 * Token filter {@code stemmer}, English variants only. Setting {@code language} (or its alias {@code name}),
 * default {@code porter}: english/porter, porter2, light_english/kstem, minimal_english, possessive_english.
 */
@NamedComponent("stemmer")
public class StemmerTokenFilterFactory implements TokenFilterFactory {

    @AnalysisSettings
    public interface Settings {
        @StringSetting(path = "language", defaultValue = "")
        String language();

        @StringSetting(path = "name", defaultValue = "")
        String name();
    }

    private final UnaryOperator<TokenStream> stemmer;

    @Inject
    public StemmerTokenFilterFactory(Settings settings) {
        String language = settings.language();
        if (language.isEmpty()) {
            language = settings.name();
        }
        if (language.isEmpty()) {
            language = "porter";
        }
        this.stemmer = forLanguage(language);
    }

    private static UnaryOperator<TokenStream> forLanguage(String language) {
        switch (language.toLowerCase(Locale.ROOT)) {
            case "english":
            case "porter":
                return PorterStemFilter::new;
            case "porter2":
                return in -> new SnowballFilter(in, new EnglishStemmer());
            case "light_english":
            case "lightenglish":
            case "kstem":
                return KStemFilter::new;
            case "minimal_english":
            case "minimalenglish":
                return EnglishMinimalStemFilter::new;
            case "possessive_english":
            case "possessiveenglish":
                return EnglishPossessiveFilter::new;
            default:
                throw new IllegalArgumentException(
                    "stemmer: language [" + language + "] is not supported by the quorum-analysis plugin "
                        + "(supported: english, porter, porter2, light_english, kstem, minimal_english, possessive_english)"
                );
        }
    }

    @Override
    public TokenStream create(TokenStream in) {
        return stemmer.apply(in);
    }
}
