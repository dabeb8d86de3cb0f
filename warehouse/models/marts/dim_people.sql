-- dim_people: one row per person (one participants.name_key) across languages and scripts.
create or replace table dim_people as

with

participants as (
    select * from stg_participants
),

events as (
    select * from fct_events
),

appearances as (
    select
        participants.person_key,
        participants.name_as_written,
        participants.participant_role,
        participants.position_as_written,
        participants.participant_country_code,
        events.canonical_event_id,
        events.event_id,
        events.event_date,
        events.published_at,
        events.lang,
        events.source_id
    from participants
    inner join events on participants.event_id = events.event_id
    where participants.person_key is not null
        and participants.participant_role in ('kazakh', 'counterpart')
),

name_counts as (
    select
        person_key,
        name_as_written,
        count(*) as n_mentions
    from appearances
    group by person_key, name_as_written
),

display_names as (
    select
        person_key,
        name_as_written as display_name
    from name_counts
    qualify row_number() over (
        partition by person_key
        order by n_mentions desc, length(name_as_written) desc, name_as_written
    ) = 1
),

role_counts as (
    select
        person_key,
        participant_role,
        count(*) as n_mentions
    from appearances
    group by person_key, participant_role
),

main_roles as (
    select
        person_key,
        participant_role as role
    from role_counts
    qualify row_number() over (
        partition by person_key
        order by n_mentions desc, participant_role = 'kazakh' desc
    ) = 1
),

latest_positions as (
    select
        person_key,
        position_as_written as latest_position
    from appearances
    where position_as_written is not null
    qualify row_number() over (
        partition by person_key
        order by event_date desc nulls last, published_at desc, event_id
    ) = 1
),

person_stats as (
    select
        person_key,
        count(distinct canonical_event_id) as n_events,
        count(*) as n_mentions,
        min(event_date) as first_event_date,
        max(event_date) as last_event_date,
        list_sort(list_distinct(list(name_as_written))) as names_as_written,
        list_sort(list_distinct(list(lang))) as languages,
        list_sort(list_distinct(list(source_id))) as sources,
        min(participant_country_code) as country_code
    from appearances
    group by person_key
),

final as (
    select
        person_stats.person_key,
        display_names.display_name,
        main_roles.role,
        latest_positions.latest_position,
        person_stats.country_code,
        person_stats.n_events,
        person_stats.n_mentions,
        person_stats.first_event_date,
        person_stats.last_event_date,
        person_stats.names_as_written,
        person_stats.languages,
        person_stats.sources
    from person_stats
    inner join display_names on person_stats.person_key = display_names.person_key
    inner join main_roles on person_stats.person_key = main_roles.person_key
    left join latest_positions on person_stats.person_key = latest_positions.person_key
)

select * from final
order by n_events desc, person_key;

comment on table dim_people is 'One row per person named in events: one participants.name_key, whatever the language, script or case.';
comment on column dim_people.person_key is 'The person''s key (participants.name_key).';
comment on column dim_people.display_name is 'The most frequent way the articles write the name.';
comment on column dim_people.role is 'The side the person is on in most events: kazakh or counterpart.';
comment on column dim_people.latest_position is 'The position given in the person''s latest event, as written.';
comment on column dim_people.country_code is 'The country the person represents, when the extractor knows it (ISO alpha-2).';
comment on column dim_people.n_events is 'Distinct events the person took part in.';
comment on column dim_people.n_mentions is 'Event rows naming the person (one per reporting article).';
comment on column dim_people.first_event_date is 'Date of the person''s earliest event.';
comment on column dim_people.last_event_date is 'Date of the person''s latest event.';
comment on column dim_people.names_as_written is 'Every way the articles write the name (scripts, languages).';
comment on column dim_people.languages is 'Languages of the articles that name the person.';
comment on column dim_people.sources is 'Sources that name the person.';
