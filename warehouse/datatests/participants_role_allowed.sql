-- A participant is on the Kazakh side, a counterpart, or an organization.
select p.event_id, p.seq, p.name, p.role
from participants p
left join events e using (event_id)
left join articles a on a.article_id = e.article_id
where ($load_id is null or a.load_id = $load_id)
  and (p.role is null or p.role not in ('kazakh', 'counterpart', 'organization'))
