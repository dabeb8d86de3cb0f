-- fct_events: one row per reported event, with its article, place names and people.
-- Several rows can report one real event: count distinct canonical_event_id to count events.
create or replace table fct_events as

with

events as (
    select * from stg_events
),

articles as (
    select * from stg_articles
),

participants as (
    select * from stg_participants
),

countries as (
    select * from ref_countries
),

organizations as (
    select * from ref_organizations
),

event_people as (
    select
        event_id,
        -- in participant order: sorting (seq, name) pairs is cheaper than an ordered aggregate
        list_transform(
            list_sort(
                list({'seq': participant_seq, 'name': name_as_written})
                    filter (where participant_role = 'kazakh')
            ),
            p -> p.name
        ) as kazakh_participants,
        list_transform(
            list_sort(
                list({'seq': participant_seq, 'name': name_as_written})
                    filter (where participant_role = 'counterpart')
            ),
            p -> p.name
        ) as counterparts,
        list_sort(list_distinct(list(person_key))) as person_keys
    from participants
    group by event_id
),

event_organization_names as (
    select
        event_id,
        unnest(organizations) as name_as_written
    from events
),

event_organizations as (
    select
        event_organization_names.event_id,
        list_sort(list_distinct(list(organizations.organization_key))) as organization_keys
    from event_organization_names
    inner join organizations
        on event_organization_names.name_as_written = organizations.name_as_written
    group by event_organization_names.event_id
),

final as (
    select
        events.event_id,
        events.canonical_event_id,
        events.event_id = events.canonical_event_id as is_canonical,
        events.story_id,
        events.article_id,
        articles.source_id,
        articles.lang,
        articles.title as article_title,
        articles.url as article_url,
        articles.published_at,
        events.event_type,
        events.event_status,
        events.event_date,
        cast(date_trunc('month', events.event_date) as date) as event_month,
        events.date_precision,
        events.city,
        events.country_code,
        countries.name_en as country_name,
        events.organizations,
        coalesce(event_organizations.organization_keys, []::varchar[]) as organization_keys,
        coalesce(event_people.kazakh_participants, []::varchar[]) as kazakh_participants,
        coalesce(event_people.counterparts, []::varchar[]) as counterparts,
        coalesce(event_people.person_keys, []::varchar[]) as person_keys,
        events.evidence,
        events.extractor_version
    from events
    inner join articles on events.article_id = articles.article_id
    left join countries on events.country_code = countries.country_code
    left join event_people on events.event_id = event_people.event_id
    left join event_organizations on events.event_id = event_organizations.event_id
)

select * from final;

comment on table fct_events is 'One row per reported event with its article, place and people; several rows can report one real event (see canonical_event_id).';
comment on column fct_events.event_id is 'Event id (events.event_id).';
comment on column fct_events.canonical_event_id is 'The real event this row reports: count distinct on it to count events.';
comment on column fct_events.is_canonical is 'True for the one row chosen to stand for its real event.';
comment on column fct_events.story_id is 'The story (release) of the reporting article.';
comment on column fct_events.article_id is 'The reporting article (fct_articles.article_id).';
comment on column fct_events.source_id is 'The source of the reporting article.';
comment on column fct_events.lang is 'The language of the reporting article.';
comment on column fct_events.article_title is 'The headline of the reporting article.';
comment on column fct_events.article_url is 'The URL of the reporting article.';
comment on column fct_events.published_at is 'When the reporting article was published (timezone-aware).';
comment on column fct_events.event_type is 'meeting, phone_call, visit, multilateral, summons, briefing, conference, cultural or other.';
comment on column fct_events.event_status is 'held or announced.';
comment on column fct_events.event_date is 'The date of the event (see date_precision).';
comment on column fct_events.event_month is 'First day of the event''s month.';
comment on column fct_events.date_precision is 'day: the text names the date; reported: the publication date stands in.';
comment on column fct_events.city is 'City of the event, in English, when known.';
comment on column fct_events.country_code is 'Country of the event, ISO 3166-1 alpha-2, when known (dim_countries).';
comment on column fct_events.country_name is 'The country''s English name.';
comment on column fct_events.organizations is 'International organizations as the article abbreviates them.';
comment on column fct_events.organization_keys is 'The same organizations as one key each across languages (dim_organizations).';
comment on column fct_events.kazakh_participants is 'Names of Kazakhstan''s officials in the event, as written, in order.';
comment on column fct_events.counterparts is 'Names of the other side, as written, in order.';
comment on column fct_events.person_keys is 'The people of the event as person keys (dim_people), sorted.';
comment on column fct_events.evidence is 'The sentences that state the event.';
comment on column fct_events.extractor_version is 'Version of the extractor that produced it.';
