-- dim_countries: every ISO 3166-1 country with its names and how often events happen there.
create or replace table dim_countries as

with

countries as (
    select * from ref_countries
),

events as (
    select * from fct_events
),

country_events as (
    select
        country_code,
        count(distinct canonical_event_id) as n_events,
        count(distinct canonical_event_id) filter (where event_status = 'held') as n_events_held,
        count(*) as n_reports,
        min(event_date) as first_event_date,
        max(event_date) as last_event_date
    from events
    where country_code is not null
    group by country_code
),

final as (
    select
        coalesce(countries.country_code, country_events.country_code) as country_code,
        countries.country_code3,
        countries.country_numeric,
        coalesce(countries.name_en, country_events.country_code) as name_en,
        countries.name_ru,
        countries.name_kk,
        coalesce(country_events.n_events, 0) as n_events,
        coalesce(country_events.n_events_held, 0) as n_events_held,
        coalesce(country_events.n_reports, 0) as n_reports,
        country_events.first_event_date,
        country_events.last_event_date
    from countries
    full outer join country_events on countries.country_code = country_events.country_code
)

select * from final
order by country_code;

comment on table dim_countries is 'One row per country (ISO 3166-1, plus any other code events carry): names in three languages, event counts.';
comment on column dim_countries.country_code is 'ISO 3166-1 alpha-2 code (KZ).';
comment on column dim_countries.country_code3 is 'ISO 3166-1 alpha-3 code (KAZ), as world maps key countries.';
comment on column dim_countries.country_numeric is 'ISO 3166-1 numeric code (398).';
comment on column dim_countries.name_en is 'English name.';
comment on column dim_countries.name_ru is 'Russian name.';
comment on column dim_countries.name_kk is 'Kazakh name.';
comment on column dim_countries.n_events is 'Distinct events held or announced in the country.';
comment on column dim_countries.n_events_held is 'Distinct events held in the country.';
comment on column dim_countries.n_reports is 'Event rows (reports) placed in the country.';
comment on column dim_countries.first_event_date is 'Date of the earliest event there.';
comment on column dim_countries.last_event_date is 'Date of the latest event there.';
