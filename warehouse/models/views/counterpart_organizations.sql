-- counterpart_organizations: one row per international organization and event it was part of.
create or replace view counterpart_organizations as

with

events as (
    select * from fct_events
),

organizations as (
    select * from dim_organizations
),

event_organizations as (
    select
        canonical_event_id,
        event_id,
        is_canonical,
        event_date,
        event_type,
        event_status,
        city,
        country_code,
        lang,
        source_id,
        kazakh_participants,
        unnest(organization_keys) as organization_key
    from events
),

per_event as (
    select
        organization_key,
        canonical_event_id,
        arg_min(event_date, (not is_canonical, event_id)) as event_date,
        arg_min(event_type, (not is_canonical, event_id)) as event_type,
        arg_min(event_status, (not is_canonical, event_id)) as event_status,
        arg_min(city, (not is_canonical, event_id)) as city,
        arg_min(country_code, (not is_canonical, event_id)) as country_code,
        list_sort(list_distinct(flatten(list(kazakh_participants)))) as kazakh_participants,
        list_sort(list_distinct(list(lang))) as languages,
        list_sort(list_distinct(list(source_id))) as sources
    from event_organizations
    group by organization_key, canonical_event_id
),

final as (
    select
        per_event.organization_key as organization,
        organizations.abbreviations,
        per_event.canonical_event_id,
        per_event.event_date,
        cast(date_trunc('month', per_event.event_date) as date) as month,
        per_event.event_type,
        per_event.event_status,
        per_event.city,
        per_event.country_code,
        per_event.kazakh_participants,
        per_event.languages,
        per_event.sources
    from per_event
    inner join organizations on per_event.organization_key = organizations.organization_key
)

select * from final
order by event_date, organization, canonical_event_id;

comment on view counterpart_organizations is 'One row per international organization and event it took part in or hosted: which organizations come up, when and how often.';
comment on column counterpart_organizations.organization is 'The organization (dim_organizations.organization_key).';
comment on column counterpart_organizations.abbreviations is 'Its abbreviations in Russian, Kazakh and English, when known.';
comment on column counterpart_organizations.canonical_event_id is 'The event (fct_events.canonical_event_id).';
comment on column counterpart_organizations.event_date is 'Date of the event.';
comment on column counterpart_organizations.month is 'First day of the event''s month.';
comment on column counterpart_organizations.event_type is 'Kind of event.';
comment on column counterpart_organizations.event_status is 'held or announced.';
comment on column counterpart_organizations.city is 'City of the event, when known.';
comment on column counterpart_organizations.country_code is 'Country of the event, ISO alpha-2, when known.';
comment on column counterpart_organizations.kazakh_participants is 'Kazakhstan''s officials in the event, as written in its reports.';
comment on column counterpart_organizations.languages is 'Languages of the reports.';
comment on column counterpart_organizations.sources is 'Sources of the reports.';
