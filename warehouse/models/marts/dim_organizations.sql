-- dim_organizations: one row per international organization named in events, across languages.
create or replace table dim_organizations as

with

organizations as (
    select * from ref_organizations
),

events as (
    select * from fct_events
),

participants as (
    select * from stg_participants
),

event_names as (
    select
        event_id,
        unnest(organizations) as name_as_written
    from events
),

people_names as (
    select
        event_id,
        organization as name_as_written
    from participants
    where organization is not null
),

mentions as (
    select
        organizations.organization_key,
        organizations.abbreviations,
        mentioned.name_as_written,
        events.canonical_event_id,
        events.event_date,
        events.event_type,
        events.country_code,
        events.lang
    from (
        select * from event_names
        union
        select * from people_names
    ) as mentioned
    inner join organizations on mentioned.name_as_written = organizations.name_as_written
    inner join events on mentioned.event_id = events.event_id
),

final as (
    select
        organization_key,
        min(abbreviations) as abbreviations,
        count(distinct canonical_event_id) as n_events,
        count(*) as n_mentions,
        min(event_date) as first_event_date,
        max(event_date) as last_event_date,
        list_sort(list_distinct(list(name_as_written))) as names_as_written,
        list_sort(list_distinct(list(event_type))) as event_types,
        list_sort(list_distinct(list(country_code))) as countries,
        list_sort(list_distinct(list(lang))) as languages
    from mentions
    group by organization_key
)

select * from final
order by n_events desc, organization_key;

comment on table dim_organizations is 'One row per international organization named in events (ООН, БҰҰ and UN are one row).';
comment on column dim_organizations.organization_key is 'The organization''s key: its first (Russian) abbreviation, or the name as written when the organization is not in the project''s list.';
comment on column dim_organizations.abbreviations is 'Its abbreviations in Russian, Kazakh and English, when known.';
comment on column dim_organizations.n_events is 'Distinct events it took part in or hosted.';
comment on column dim_organizations.n_mentions is 'Event rows naming it.';
comment on column dim_organizations.first_event_date is 'Date of its earliest event.';
comment on column dim_organizations.last_event_date is 'Date of its latest event.';
comment on column dim_organizations.names_as_written is 'Every way the articles write it.';
comment on column dim_organizations.event_types is 'The kinds of its events.';
comment on column dim_organizations.countries is 'Countries where its events took place (ISO alpha-2).';
comment on column dim_organizations.languages is 'Languages of the articles that name it.';
