def rank(scores):
    return sorted(scores, reverse=True)
