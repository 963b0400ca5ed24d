-- One article.
-- Parameters: $article_id
-- Columns: the articles table's columns
SELECT article_id, url, source, title, published_at, ingested_at, lang, content_hash, n_words,
       text, credits, meta
FROM articles WHERE article_id = $article_id
