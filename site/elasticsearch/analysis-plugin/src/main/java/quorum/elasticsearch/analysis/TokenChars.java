package quorum.elasticsearch.analysis;

import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/** Parses the {@code token_chars} / {@code custom_token_chars} settings of the n-gram tokenizers. */
final class TokenChars {
    private TokenChars() {}

    /** @return null when every character may be part of a token (no classes given) */
    static IntPredicate parse(List<String> classes, String custom) {
        if (classes == null || classes.isEmpty()) {
            return null;
        }
        IntPredicate result = c -> false;
        for (String raw : classes) {
            String cls = raw.trim().toLowerCase(Locale.ROOT);
            IntPredicate p;
            switch (cls) {
                case "letter":
                    p = Character::isLetter;
                    break;
                case "digit":
                    p = Character::isDigit;
                    break;
                case "whitespace":
                    p = Character::isWhitespace;
                    break;
                case "punctuation":
                    p = TokenChars::isPunctuation;
                    break;
                case "symbol":
                    p = TokenChars::isSymbol;
                    break;
                case "custom":
                    if (custom == null || custom.isEmpty()) {
                        throw new IllegalArgumentException("token_chars [custom] requires custom_token_chars to be set");
                    }
                    final String chars = custom;
                    p = c -> chars.codePoints().anyMatch(x -> x == c);
                    break;
                default:
                    throw new IllegalArgumentException(
                        "unknown token_chars class [" + raw + "], expected letter, digit, whitespace, punctuation, symbol or custom"
                    );
            }
            result = result.or(p);
        }
        return result;
    }

    private static boolean isPunctuation(int c) {
        switch (Character.getType(c)) {
            case Character.CONNECTOR_PUNCTUATION:
            case Character.DASH_PUNCTUATION:
            case Character.START_PUNCTUATION:
            case Character.END_PUNCTUATION:
            case Character.INITIAL_QUOTE_PUNCTUATION:
            case Character.FINAL_QUOTE_PUNCTUATION:
            case Character.OTHER_PUNCTUATION:
                return true;
            default:
                return false;
        }
    }

    private static boolean isSymbol(int c) {
        switch (Character.getType(c)) {
            case Character.MATH_SYMBOL:
            case Character.CURRENCY_SYMBOL:
            case Character.MODIFIER_SYMBOL:
            case Character.OTHER_SYMBOL:
                return true;
            default:
                return false;
        }
    }
}
