-- The core of the warehouse (DESIGN.md "The warehouse"): names here are a contract.

create table sources (
    source_id varchar primary key,        -- 'kt.kz', 'gov.kz', ...
    kind varchar not null,                -- official | agency | outlet
    name varchar not null,
    base_url varchar not null,
    languages varchar[] not null
);

create table crawl_runs (
    run_id varchar primary key,           -- the landing batch's run id
    source_id varchar not null,
    started_at timestamptz,
    finished_at timestamptz,
    finish_reason varchar,
    verdict varchar not null,             -- ok | partial (failed crawls are never loaded)
    verdict_reason varchar,
    n_items integer not null,
    n_pages integer not null,
    n_requests integer not null,
    n_errors integer not null,
    errors json,
    stats json,
    scrapy_version varchar,
    spider_code_hash varchar
);

create table _loads (
    load_id varchar primary key,          -- '<source>/<run_id>': one landing batch
    source_id varchar not null,
    run_id varchar not null,
    status varchar not null,              -- done (rows of other loads do not exist: one transaction)
    n_pages integer not null,
    n_articles_new integer not null,
    n_articles_updated integer not null,
    n_articles_unchanged integer not null,
    n_events integer not null,
    started_at timestamptz not null,
    finished_at timestamptz not null
);

create table pages (
    page_id varchar primary key,          -- sha256(load_id|seq)
    load_id varchar not null,
    source_id varchar not null,
    url varchar not null,                 -- the real URL
    fetch_url varchar not null,           -- where it was fetched from (the snapshot in the demo)
    status integer not null,
    fetched_at timestamptz not null,
    kind varchar,                         -- article | listing | feed | api ...
    headers json,
    body blob
);

create table articles (
    article_id varchar primary key,       -- sha256(source|canonical_url|lang)
    source_id varchar not null,
    url varchar not null,
    canonical_url varchar not null,
    lang varchar not null,                -- the page's language version: ru | kk | en
    detected_lang varchar,                -- the language of the text itself
    title varchar not null,
    body_text varchar not null,
    published_at timestamptz not null,
    published_time_known boolean not null default true,
    dateline_place varchar,
    dateline_date date,
    attribution varchar,
    source_item_id varchar,
    caption varchar,
    views integer,
    marked_updated boolean not null default false,
    translation_group varchar,
    cited_source_url varchar,
    relevant boolean not null default true,
    relevance_reason varchar,
    content_hash varchar not null,
    version integer not null,
    first_seen timestamptz not null,
    last_seen timestamptz not null,
    story_id varchar,
    dedup_features json,
    load_id varchar not null
);

create table article_versions (
    article_id varchar not null,
    version integer not null,
    content_hash varchar not null,
    title varchar not null,
    body_text varchar not null,
    seen_at timestamptz not null,
    load_id varchar not null,
    primary key (article_id, version)
);

create table stories (
    story_id varchar primary key,
    origin_article_id varchar,            -- the ministry's own page when the warehouse has it
    first_published_at timestamptz,
    n_articles integer not null,
    languages varchar[],
    sources varchar[]
);

create table events (
    event_id varchar primary key,
    story_id varchar,
    article_id varchar not null,
    type varchar not null,
    status varchar not null,              -- held | announced
    event_date date,
    date_precision varchar,               -- day | reported
    city varchar,
    country varchar,                      -- ISO 3166-1 alpha-2
    organizations varchar[],
    evidence varchar not null,
    evidence_start integer,
    evidence_end integer,
    extractor_version varchar not null,
    canonical_event_id varchar            -- one id for the same event reported by several articles
);

create table participants (
    event_id varchar not null,
    seq integer not null,
    name varchar not null,                -- as extracted (nominative)
    name_norm varchar,
    name_key varchar,                     -- matches one person across scripts and cases
    role varchar not null,                -- kazakh | counterpart | organization
    position varchar,
    organization varchar,
    country varchar,
    primary key (event_id, seq)
);
