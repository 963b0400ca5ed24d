-- Every article in relation "batch", whole (the matching stages read stored candidates in one
-- query per new article instead of one each).
-- Relation batch: article_id
-- Columns: the articles table's columns, as article_by_id
SELECT a.article_id, a.url, a.source, a.title, a.published_at, a.ingested_at, a.lang, a.content_hash,
       a.n_words, a.text, a.credits, a.meta
FROM articles a JOIN batch b USING (article_id)
