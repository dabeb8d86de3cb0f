-- source_gaps: every stretch longer than a source's cadence between two of its articles.
create or replace view source_gaps as

with

articles as (
    select * from fct_articles
),

cadence as (
    select * from ref_source_cadence
),

consecutive as (
    select
        source_id,
        lag(published_at) over (
            partition by source_id order by published_at, article_id
        ) as gap_start,
        published_at as gap_end
    from articles
    where is_relevant
),

final as (
    select
        consecutive.source_id,
        consecutive.gap_start,
        consecutive.gap_end,
        round(epoch(consecutive.gap_end - consecutive.gap_start) / 3600, 1) as gap_hours,
        cadence.cadence_hours
    from consecutive
    inner join cadence on consecutive.source_id = cadence.source_id
    where consecutive.gap_start is not null
        and epoch(consecutive.gap_end - consecutive.gap_start) / 3600 > cadence.cadence_hours
)

select * from final
order by source_id, gap_start;

comment on view source_gaps is 'One row per gap between two consecutive relevant articles of a source longer than its cadence.';
comment on column source_gaps.source_id is 'The source.';
comment on column source_gaps.gap_start is 'Publication time of the article before the gap.';
comment on column source_gaps.gap_end is 'Publication time of the article after the gap.';
comment on column source_gaps.gap_hours is 'Length of the gap in hours.';
comment on column source_gaps.cadence_hours is 'The source''s cadence the gap exceeds.';
