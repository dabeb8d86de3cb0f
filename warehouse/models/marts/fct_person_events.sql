-- fct_person_events: one row per person and real event, across the reports of that event.
-- The work behind the person_activity view, done once per build: as a view it took tens of
-- seconds on a million events (benchmarks/bench_queries.py), as a table it is read in one.
create or replace table fct_person_events as

with

participants as (
    select * from stg_participants
),

events as (
    select * from fct_events
),

people as (
    select * from dim_people
),

appearances as (
    select
        participants.person_key,
        participants.name_as_written,
        participants.participant_role,
        participants.position_as_written,
        events.event_id,
        events.canonical_event_id,
        events.is_canonical,
        events.event_type,
        events.event_status,
        events.event_date,
        events.city,
        events.country_code,
        events.organization_keys,
        events.article_id,
        events.lang,
        events.source_id
    from participants
    inner join events on participants.event_id = events.event_id
    where participants.person_key is not null
        and participants.participant_role in ('kazakh', 'counterpart')
),

sides as (
    select distinct
        person_key,
        canonical_event_id,
        participant_role
    from appearances
),

other_side as (
    select
        mine.person_key,
        mine.canonical_event_id,
        list_sort(list_distinct(list(people.display_name))) as met
    from sides as mine
    inner join sides as theirs
        on mine.canonical_event_id = theirs.canonical_event_id
        and mine.person_key <> theirs.person_key
        and mine.participant_role <> theirs.participant_role
    inner join people on theirs.person_key = people.person_key
    group by mine.person_key, mine.canonical_event_id
),

per_event as (
    select
        person_key,
        canonical_event_id,
        -- the canonical row's values first, then the smallest event id: stable across builds
        arg_min(
            {
                'event_date': event_date,
                'event_type': event_type,
                'event_status': event_status,
                'city': city,
                'country_code': country_code,
                'role': participant_role
            },
            (not is_canonical, event_id)
        ) as chosen,
        list_sort(list_distinct(flatten(list(organization_keys)))) as organizations,
        list_sort(list_distinct(list(position_as_written))) as positions_as_written,
        list_sort(list_distinct(list(name_as_written))) as names_as_written,
        list_sort(list_distinct(list(lang))) as languages,
        list_sort(list_distinct(list(source_id))) as sources,
        count(distinct article_id) as n_reports
    from appearances
    group by person_key, canonical_event_id
),

final as (
    select
        per_event.person_key,
        people.display_name as person_name,
        per_event.chosen.role as role,
        per_event.canonical_event_id,
        per_event.chosen.event_date as event_date,
        cast(date_trunc('month', per_event.chosen.event_date) as date) as month,
        per_event.chosen.event_type as event_type,
        per_event.chosen.event_status as event_status,
        per_event.chosen.city as city,
        per_event.chosen.country_code as country_code,
        coalesce(other_side.met, []::varchar[]) as met,
        per_event.organizations,
        per_event.positions_as_written,
        per_event.names_as_written,
        per_event.languages,
        per_event.sources,
        per_event.n_reports
    from per_event
    inner join people on per_event.person_key = people.person_key
    left join other_side
        on per_event.person_key = other_side.person_key
        and per_event.canonical_event_id = other_side.canonical_event_id
)

select * from final;

comment on table fct_person_events is 'One row per person and real event: what, when, where, whom they met, in which languages it was reported (read it through the person_activity view).';
comment on column fct_person_events.person_key is 'The person (dim_people.person_key): one key across languages and scripts.';
comment on column fct_person_events.person_name is 'The person''s display name (dim_people).';
comment on column fct_person_events.role is 'The person''s side in this event: kazakh or counterpart.';
comment on column fct_person_events.canonical_event_id is 'The event (fct_events.canonical_event_id).';
comment on column fct_person_events.event_date is 'Date of the event.';
comment on column fct_person_events.month is 'First day of the event''s month.';
comment on column fct_person_events.event_type is 'Kind of event.';
comment on column fct_person_events.event_status is 'held or announced.';
comment on column fct_person_events.city is 'City of the event, when known.';
comment on column fct_person_events.country_code is 'Country of the event, ISO alpha-2, when known.';
comment on column fct_person_events.met is 'Display names of the people on the other side of the event.';
comment on column fct_person_events.organizations is 'Organizations in the event (dim_organizations keys).';
comment on column fct_person_events.positions_as_written is 'The person''s position as the reports write it.';
comment on column fct_person_events.names_as_written is 'The person''s name as the reports write it.';
comment on column fct_person_events.languages is 'Languages of the reports.';
comment on column fct_person_events.sources is 'Sources of the reports.';
comment on column fct_person_events.n_reports is 'Articles reporting the event with this person.';
