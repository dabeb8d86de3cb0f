-- stg_participants: the people of each event, renamed for the marts.
create or replace view stg_participants as

select
    event_id,
    seq as participant_seq,
    name as name_as_written,
    coalesce(name_key, lower(name_norm), lower(name)) as person_key,
    role as participant_role,
    position as position_as_written,
    organization,
    upper(country) as participant_country_code
from participants;

comment on view stg_participants is 'Staging: participants renamed and cast. One row per person named in an event: the Kazakh side and the counterparts.';
comment on column stg_participants.event_id is 'The event (events.event_id).';
comment on column stg_participants.participant_seq is 'participants.seq: Order of the participant in the event, from 0.';
comment on column stg_participants.name_as_written is 'participants.name: The name as the article writes it, in the nominative.';
comment on column stg_participants.person_key is 'participants.name_key (else the lower-cased name): one key per person.';
comment on column stg_participants.participant_role is 'participants.role: The side: kazakh (Kazakhstan''s official), counterpart (the other side) or organization.';
comment on column stg_participants.position_as_written is 'participants.position: The position as the article writes it (ambassador of ..., deputy minister ...).';
comment on column stg_participants.organization is 'The international organization the participant represents, when named.';
comment on column stg_participants.participant_country_code is 'participants.country upper-cased: ISO 3166-1 alpha-2.';
