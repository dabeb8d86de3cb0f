-- stg_events: the events, renamed for the marts; an event without a canonical id is its own.
create or replace view stg_events as

select
    event_id,
    coalesce(canonical_event_id, event_id) as canonical_event_id,
    story_id,
    article_id,
    type as event_type,
    status as event_status,
    event_date,
    date_precision,
    city,
    upper(country) as country_code,
    coalesce(organizations, []::varchar[]) as organizations,
    evidence,
    extractor_version
from events;

comment on view stg_events is 'Staging: events renamed and cast. One row per diplomatic event an article reports: what happened, when, where, with the evidence.';
comment on column stg_events.event_id is 'Event id: a hash of the article, its text version, the extractor version and the event''s place in the text.';
comment on column stg_events.canonical_event_id is 'canonical_event_id, else the event''s own id: the real event the row reports.';
comment on column stg_events.story_id is 'The story of the reporting article (stories.story_id).';
comment on column stg_events.article_id is 'The article that reports the event (articles.article_id).';
comment on column stg_events.event_type is 'events.type: Kind of event: meeting, phone_call, visit, multilateral, summons, briefing, conference, cultural, other.';
comment on column stg_events.event_status is 'events.status: held (it took place) or announced (planned, as of the article).';
comment on column stg_events.event_date is 'The date of the event; the publication date when the text gives none (see date_precision).';
comment on column stg_events.date_precision is 'day: the text names the date; reported: the article''s publication date stands in.';
comment on column stg_events.city is 'The city where it happened, in English (Astana, Geneva ...), when known.';
comment on column stg_events.country_code is 'events.country upper-cased: ISO 3166-1 alpha-2.';
comment on column stg_events.organizations is 'events.organizations, an empty list instead of NULL.';
comment on column stg_events.evidence is 'The sentences of the article that state the event.';
comment on column stg_events.extractor_version is 'Version of the event extractor that produced the row.';
