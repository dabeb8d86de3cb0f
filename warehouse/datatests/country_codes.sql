-- Countries are ISO 3166-1 alpha-2 codes: two capital letters, or null when unknown.
select 'events' as "table", e.event_id as id, e.country
from events e
left join articles a using (article_id)
where ($load_id is null or a.load_id = $load_id)
  and e.country is not null and not regexp_full_match(e.country, '[A-Z]{2}')
union all
select 'participants', p.event_id || '/' || p.seq, p.country
from participants p
left join events e using (event_id)
left join articles a on a.article_id = e.article_id
where ($load_id is null or a.load_id = $load_id)
  and p.country is not null and not regexp_full_match(p.country, '[A-Z]{2}')
