package quorum.elasticsearch.analysis;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.synonym.WordnetSynonymParser;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.BooleanSetting;
import org.elasticsearch.plugin.settings.ListSetting;
import org.elasticsearch.plugin.settings.StringSetting;

/**
 * Token filter {@code synonym_graph} with inline rules only: synonyms (list of rules), format (solr | wordnet),
 * expand (true), lenient (false: a bad rule fails the index; true: bad rules are skipped).
 * <p>
 * Differences from the Elasticsearch filter: {@code synonyms_path} and {@code synonyms_set} are not supported, and rules
 * are analysed with a fixed chain (standard tokenizer + lowercase) instead of the preceding part of the analyzer;
 * matching is case-insensitive.
 */
@NamedComponent("synonym_graph")
public class SynonymGraphTokenFilterFactory implements TokenFilterFactory {

    @AnalysisSettings
    public interface Settings {
        @ListSetting(path = "synonyms")
        List<String> synonyms();

        @StringSetting(path = "format", defaultValue = "solr")
        String format();

        @BooleanSetting(path = "expand", defaultValue = true)
        boolean expand();

        @BooleanSetting(path = "lenient", defaultValue = false)
        boolean lenient();
    }

    private final SynonymMap synonymMap;

    @Inject
    public SynonymGraphTokenFilterFactory(Settings settings) {
        String format = settings.format().toLowerCase(Locale.ROOT);
        if (format.equals("solr") == false && format.equals("wordnet") == false) {
            throw new IllegalArgumentException("synonym_graph: unknown format [" + settings.format() + "], expected [solr] or [wordnet]");
        }
        boolean expand = settings.expand();
        List<String> rules = settings.synonyms();
        try (Analyzer ruleAnalyzer = new RuleAnalyzer()) {
            if (settings.lenient()) {
                // keep only the rules that parse on their own
                List<String> good = new ArrayList<>();
                for (String rule : rules) {
                    try {
                        parse(format, expand, ruleAnalyzer, List.of(rule));
                        good.add(rule);
                    } catch (ParseException | RuntimeException e) {
                        // skipped, as Elasticsearch does for lenient synonym filters
                    }
                }
                rules = good;
            }
            try {
                this.synonymMap = parse(format, expand, ruleAnalyzer, rules);
            } catch (ParseException e) {
                throw new IllegalArgumentException("synonym_graph: failed to parse synonym rules: " + e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SynonymMap parse(String format, boolean expand, Analyzer analyzer, List<String> rules) throws IOException,
        ParseException {
        SynonymMap.Parser parser = format.equals("wordnet")
            ? new WordnetSynonymParser(true, expand, analyzer)
            : new SolrSynonymParser(true, expand, analyzer);
        parser.parse(new StringReader(String.join("\n", rules)));
        return parser.build();
    }

    @Override
    public TokenStream create(TokenStream in) {
        if (synonymMap.fst == null) {
            return in; // no rules
        }
        return new SynonymGraphFilter(in, synonymMap, true);
    }

    /** Analyses the words of synonym rules: standard tokenizer + lowercase. */
    private static final class RuleAnalyzer extends Analyzer {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer tokenizer = new StandardTokenizer();
            return new TokenStreamComponents(tokenizer, new LowerCaseFilter(tokenizer));
        }
    }
}
