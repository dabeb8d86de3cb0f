-- person_activity: one row per person and event, across the languages that report it
-- (built as the mart fct_person_events: too heavy to recompute at every query).
create or replace view person_activity as

with

person_events as (
    select * from fct_person_events
),

final as (
    select
        person_key,
        person_name,
        role,
        canonical_event_id,
        event_date,
        month,
        event_type,
        event_status,
        city,
        country_code,
        met,
        organizations,
        positions_as_written,
        names_as_written,
        languages,
        sources,
        n_reports
    from person_events
)

select * from final;

comment on view person_activity is 'One row per person and event: what, when, where, whom they met, in which languages it was reported.';
comment on column person_activity.person_key is 'The person (dim_people.person_key): one key across languages and scripts.';
comment on column person_activity.person_name is 'The person''s display name (dim_people).';
comment on column person_activity.role is 'The person''s side in this event: kazakh or counterpart.';
comment on column person_activity.canonical_event_id is 'The event (fct_events.canonical_event_id).';
comment on column person_activity.event_date is 'Date of the event.';
comment on column person_activity.month is 'First day of the event''s month.';
comment on column person_activity.event_type is 'Kind of event.';
comment on column person_activity.event_status is 'held or announced.';
comment on column person_activity.city is 'City of the event, when known.';
comment on column person_activity.country_code is 'Country of the event, ISO alpha-2, when known.';
comment on column person_activity.met is 'Display names of the people on the other side of the event.';
comment on column person_activity.organizations is 'Organizations in the event (dim_organizations keys).';
comment on column person_activity.positions_as_written is 'The person''s position as the reports write it.';
comment on column person_activity.names_as_written is 'The person''s name as the reports write it.';
comment on column person_activity.languages is 'Languages of the reports.';
comment on column person_activity.sources is 'Sources of the reports.';
comment on column person_activity.n_reports is 'Articles reporting the event with this person.';
