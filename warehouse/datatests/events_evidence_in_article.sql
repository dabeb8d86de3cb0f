-- An event's evidence is verbatim text of its own article (and the article exists).
-- Only the bodies of the load's own articles are read (the orphan check needs their ids only).
with checked as (
    select article_id, body_text
    from articles
    where $load_id is null or load_id = $load_id
)
select e.event_id, e.article_id, left(e.evidence, 120) as evidence
from events e
join checked a using (article_id)
where e.evidence is null or trim(e.evidence) = '' or strpos(a.body_text, e.evidence) = 0
union all
select e.event_id, e.article_id, left(e.evidence, 120) as evidence
from events e
where not exists (select 1 from articles a where a.article_id = e.article_id)
