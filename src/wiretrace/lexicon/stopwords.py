"""English function words.

Function words carry syntax, not content: spinners and translators keep most of
them, so they are useless as evidence of reuse on their own. They still count
inside exact runs (a verbatim copy keeps them), but never seed a match alone.
"""

STOPWORDS: frozenset[str] = frozenset(
    [
        "a", "about", "above", "after", "again", "against", "all", "almost", "also",
        "although", "always", "am", "among", "an", "and", "another", "any", "anybody",
        "anyone", "anything", "are", "around", "as", "at", "be", "became", "because",
        "become", "becomes", "been", "before", "being", "below", "between", "both", "but",
        "by", "can", "cannot", "could", "did", "do", "does", "doing", "done", "down",
        "during", "each", "either", "else", "enough", "even", "ever", "every", "few",
        "for", "from", "further", "had", "has", "have", "having", "he", "her", "here",
        "hers", "herself", "him", "himself", "his", "how", "however", "i", "if", "in",
        "into", "is", "it", "its", "itself", "just", "least", "less", "like", "many",
        "may", "me", "might", "mine", "more", "most", "much", "must", "my", "myself",
        "neither", "never", "no", "nobody", "none", "nor", "not", "nothing", "now", "of",
        "off", "often", "on", "once", "one", "only", "onto", "or", "other", "others",
        "otherwise", "our", "ours", "ourselves", "out", "over", "own", "per", "perhaps",
        "quite", "rather", "same", "several", "shall", "she", "should", "since", "so",
        "some", "somebody", "someone", "something", "sometimes", "still", "such", "than",
        "that", "the", "their", "theirs", "them", "themselves", "then", "there",
        "therefore", "these", "they", "this", "those", "though", "through", "throughout",
        "thus", "to", "together", "too", "toward", "towards", "under", "until", "up",
        "upon", "us", "very", "was", "we", "well", "were", "what", "whatever", "when",
        "whenever", "where", "whereas", "wherever", "whether", "which", "while", "who",
        "whoever", "whom", "whose", "why", "will", "with", "within", "without", "would",
        "yet", "you", "your", "yours", "yourself", "yourselves", "s", "t", "d", "ll", "m",
        "re", "ve", "don", "didn", "doesn", "isn", "wasn", "weren", "aren", "hasn",
        "haven", "hadn", "won", "wouldn", "couldn", "shouldn", "mustn", "can't", "won't",
        "don't", "didn't", "doesn't", "isn't", "wasn't", "weren't", "aren't", "hasn't",
        "haven't", "it's", "i'm", "he's", "she's", "that's", "there's", "they're",
        "we're", "you're", "i've", "we've", "they've", "i'd", "he'd", "she'd", "we'd",
        "they'd", "you'd", "i'll", "he'll", "she'll", "we'll", "they'll", "you'll",
        "let's"
    ]
)


def is_stopword(key: str) -> bool:
    """True for a casefolded token that is a function word."""
    return key in STOPWORDS
