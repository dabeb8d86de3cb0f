-- An event's type and status come from the event contract (DESIGN.md "Event contract").
select e.event_id, e.article_id, e.type, e.status
from events e
left join articles a using (article_id)
where ($load_id is null or a.load_id = $load_id)
  and (
    e.type is null
    or e.type not in (
      'meeting', 'phone_call', 'visit', 'multilateral', 'conference', 'briefing', 'cultural',
      'summons', 'other'
    )
    or e.status is null
    or e.status not in ('held', 'announced')
  )
