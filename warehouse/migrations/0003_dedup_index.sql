-- Dedup's own index, so that a load reads the few stored articles a batch can touch instead of
-- rebuilding the story index from every stored article (flows/plan.py, flows/transform/dedup.py).
-- Internal state of the loader, in its own schema: not part of the analysts' contract, and
-- rebuilt whole by `mfa-watch rebuild`. Empty on a warehouse made before this migration: the
-- next load fills it from the stored dedup features.

create schema dedup;

create table dedup.articles (
    article_id varchar primary key,
    published date,
    source varchar not null,
    lang varchar not null,
    official boolean not null,
    canonical_url varchar,
    translation_group varchar,
    cite varchar,
    content_hash varchar not null,
    long_text boolean not null,
    component varchar not null
);

create table dedup.links (
    article_id varchar not null,
    other_id varchar not null,
    reason varchar not null,
    score double not null,
    primary key (article_id, other_id)
);

comment on table dedup.articles is 'One row per article in a story: the identity fields dedup compares, and the connected component of the link graph it belongs to.';
comment on column dedup.articles.article_id is 'The article (articles.article_id).';
comment on column dedup.articles.published is 'The publication day dedup compares (its date windows).';
comment on column dedup.articles.source is 'The publisher (articles.source_id, else the URL''s host).';
comment on column dedup.articles.lang is 'The article''s language version.';
comment on column dedup.articles.official is 'True for the ministry''s own page (gov.kz).';
comment on column dedup.articles.canonical_url is 'The canonical URL dedup matches on.';
comment on column dedup.articles.translation_group is 'The gov.kz release id shared by its ru, kk and en versions.';
comment on column dedup.articles.cite is 'The one release a "Source :" line names (null when none, or several).';
comment on column dedup.articles.content_hash is 'sha256 of the normalized text.';
comment on column dedup.articles.long_text is 'Whether the text is long enough for the exact-text rule.';
comment on column dedup.articles.component is 'The connected component of the link graph (its smallest article id): what a new link can change.';

comment on table dedup.links is 'One row per pair of articles dedup linked (joined into a story or refused), judged once, when the later of the two was loaded.';
comment on column dedup.links.article_id is 'The smaller article id of the pair.';
comment on column dedup.links.other_id is 'The larger article id of the pair.';
comment on column dedup.links.reason is 'Why they carry one release (flows/transform/dedup.py link_reason).';
comment on column dedup.links.score is 'Estimated Jaccard for near_duplicate, anchor Dice for anchors, 0 for the identity links: the order similarity links are joined in.';
