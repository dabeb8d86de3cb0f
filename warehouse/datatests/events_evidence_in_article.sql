-- An event's evidence is verbatim text of its own article (and the article exists).
select e.event_id, e.article_id, left(e.evidence, 120) as evidence
from events e
left join articles a using (article_id)
where ($load_id is null or a.load_id = $load_id or a.article_id is null)
  and (
    a.article_id is null
    or e.evidence is null or trim(e.evidence) = ''
    or strpos(a.body_text, e.evidence) = 0
  )
