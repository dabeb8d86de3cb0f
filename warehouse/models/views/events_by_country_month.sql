-- events_by_country_month: how many events happened in which country, month by month.
create or replace view events_by_country_month as

with

events as (
    select * from fct_events
),

countries as (
    select * from dim_countries
),

monthly as (
    select
        country_code,
        event_month as month,
        count(distinct canonical_event_id) as n_events,
        count(distinct canonical_event_id) filter (where event_status = 'held') as n_held,
        count(distinct canonical_event_id) filter (where event_status = 'announced')
            as n_announced,
        count(*) as n_reports,
        list_sort(list_distinct(list(event_type))) as event_types
    from events
    where event_month is not null
    group by country_code, event_month
),

final as (
    select
        monthly.country_code,
        coalesce(countries.name_en, 'unknown') as country_name,
        monthly.month,
        monthly.n_events,
        monthly.n_held,
        monthly.n_announced,
        monthly.n_reports,
        monthly.event_types
    from monthly
    left join countries on monthly.country_code = countries.country_code
)

select * from final
order by month, n_events desc, country_code;

comment on view events_by_country_month is 'Events per country and month: distinct events, held and announced, and the reports behind them.';
comment on column events_by_country_month.country_code is 'Country of the events, ISO alpha-2; NULL when the place is unknown.';
comment on column events_by_country_month.country_name is 'English name of the country (unknown when NULL).';
comment on column events_by_country_month.month is 'First day of the month of the events.';
comment on column events_by_country_month.n_events is 'Distinct events.';
comment on column events_by_country_month.n_held is 'Distinct events held.';
comment on column events_by_country_month.n_announced is 'Distinct events announced.';
comment on column events_by_country_month.n_reports is 'Event rows, one per reporting article.';
comment on column events_by_country_month.event_types is 'The kinds of events, sorted.';
