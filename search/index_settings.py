"""Elasticsearch index settings that Quorum adds to Wagtail's.

Text is analysed for English by default: possessives dropped, stop words removed,
words reduced to their stem, so "recommendation" finds "Recommendations". Only the
standard names of Elasticsearch's analysis components are used, so the same settings
work on a full distribution and on the test distribution with our analysis plugin
(site/elasticsearch/analysis-plugin).
"""

ENGLISH_ANALYSIS = {
    "settings": {
        "analysis": {
            "filter": {
                "quorum_possessive": {"type": "stemmer", "language": "possessive_english"},
                "quorum_stop": {"type": "stop", "stopwords": "_english_"},
                "quorum_stemmer": {"type": "stemmer", "language": "english"},
            },
            "analyzer": {
                "default": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": [
                        "quorum_possessive",
                        "lowercase",
                        "asciifolding",
                        "quorum_stop",
                        "quorum_stemmer",
                    ],
                }
            },
        }
    }
}
