-- A new store's schema, as the migrations leave it (see trustbridge/store/fresh.py).
-- Written by `python -m trustbridge.store.fresh`: do not edit by hand.

BEGIN IMMEDIATE;
CREATE TABLE account_sessions (
	id INTEGER NOT NULL, 
	token_hash VARCHAR(64) NOT NULL, 
	account_id INTEGER NOT NULL, 
	complete BOOLEAN NOT NULL, 
	created_at DATETIME NOT NULL, 
	last_seen_at DATETIME NOT NULL, 
	device VARCHAR(120), 
	PRIMARY KEY (id), 
	FOREIGN KEY(account_id) REFERENCES accounts (id) ON DELETE CASCADE, 
	UNIQUE (token_hash)
);
CREATE TABLE accounts (
	id INTEGER NOT NULL, 
	name VARCHAR(64) NOT NULL, 
	name_key VARCHAR(64) NOT NULL, 
	password_hash VARCHAR(256) NOT NULL, 
	is_admin BOOLEAN NOT NULL, 
	totp_secret VARCHAR(64), 
	totp_pending VARCHAR(64), 
	totp_last_step INTEGER, 
	created_at DATETIME NOT NULL, 
	disabled_at DATETIME, is_therapist BOOLEAN DEFAULT 0 NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name_key)
);
CREATE TABLE affirmations (
	text TEXT NOT NULL, 
	active BOOLEAN NOT NULL, 
	id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, owner_id INTEGER, 
	PRIMARY KEY (id)
);
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO "alembic_version" VALUES ('0011');
CREATE TABLE appreciations (
	what TEXT NOT NULL, 
	person_id INTEGER, 
	said_out_loud BOOLEAN, 
	noted_on DATE NOT NULL, 
	owner_id INTEGER, 
	shared BOOLEAN NOT NULL, 
	id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(person_id) REFERENCES people (id) ON DELETE CASCADE
);
CREATE TABLE balance_logs (
	day DATE NOT NULL, 
	alone_minutes INTEGER NOT NULL, 
	connected_minutes INTEGER NOT NULL, 
	solitude_met BOOLEAN, 
	closeness_met BOOLEAN, 
	note TEXT, 
	id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, owner_id INTEGER, 
	PRIMARY KEY (id)
);
CREATE TABLE belief_ratings (
	id INTEGER NOT NULL, 
	belief_id INTEGER NOT NULL, 
	rated_at DATETIME NOT NULL, 
	believability INTEGER NOT NULL, 
	note TEXT, owner_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(belief_id) REFERENCES beliefs (id) ON DELETE CASCADE
);
CREATE TABLE beliefs (
	statement TEXT NOT NULL, 
	id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, owner_id INTEGER, 
	PRIMARY KEY (id)
);
CREATE TABLE boundaries (
	statement TEXT NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	non_negotiable BOOLEAN NOT NULL, 
	review_on DATE, 
	id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, owner_id INTEGER, 
	PRIMARY KEY (id)
);
CREATE TABLE boundary_events (
	boundary_id INTEGER NOT NULL, 
	person_id INTEGER NOT NULL, 
	respected BOOLEAN NOT NULL, 
	occurred_on DATE NOT NULL, 
	my_response TEXT, 
	id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, owner_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(boundary_id) REFERENCES boundaries (id) ON DELETE CASCADE, 
	FOREIGN KEY(person_id) REFERENCES people (id) ON DELETE CASCADE
);
CREATE TABLE bridge_plans (
	person_id INTEGER NOT NULL, 
	what_broke TEXT, 
	my_expectations TEXT, 
	their_expectations TEXT, 
	agreed_steps TEXT, 
	cadence_days INTEGER, 
	next_checkin_on DATE, 
	id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, owner_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(person_id) REFERENCES people (id) ON DELETE CASCADE, 
	UNIQUE (person_id)
);
CREATE TABLE calendar_feeds (
	account_id INTEGER NOT NULL, 
	token_hash VARCHAR(64) NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (account_id), 
	FOREIGN KEY(account_id) REFERENCES accounts (id) ON DELETE CASCADE, 
	UNIQUE (token_hash)
);
CREATE TABLE checkins (
	day DATE NOT NULL, 
	mood INTEGER NOT NULL, 
	emotion TEXT, 
	energy INTEGER, 
	connection VARCHAR(16), 
	note TEXT, 
	id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, owner_id INTEGER, 
	PRIMARY KEY (id)
);
CREATE TABLE evidence_events (
	person_id INTEGER NOT NULL, 
	dimension VARCHAR(32) NOT NULL, 
	positive BOOLEAN NOT NULL, 
	weight VARCHAR(16) NOT NULL, 
	occurred_on DATE NOT NULL, 
	note TEXT, 
	source VARCHAR(16) NOT NULL, 
	source_id INTEGER, 
	id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, owner_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(person_id) REFERENCES people (id) ON DELETE CASCADE
);
CREATE TABLE goal_reviews (
	id INTEGER NOT NULL, 
	goal_id INTEGER NOT NULL, 
	reviewed_on DATE NOT NULL, 
	still_ours BOOLEAN, 
	progress TEXT, 
	next_step TEXT, 
	created_at DATETIME NOT NULL, owner_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(goal_id) REFERENCES shared_goals (id) ON DELETE CASCADE
);
CREATE TABLE gut_checks (
	person_id INTEGER NOT NULL, 
	sense TEXT NOT NULL, 
	confidence INTEGER NOT NULL, 
	came_true BOOLEAN, 
	what_happened TEXT, 
	resolved_on DATE, 
	id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, owner_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(person_id) REFERENCES people (id) ON DELETE CASCADE
);
CREATE TABLE habit_logs (
	day DATE NOT NULL, 
	sleep_hours FLOAT, 
	movement_minutes INTEGER, 
	food INTEGER, 
	creative_minutes INTEGER, 
	note TEXT, 
	id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, owner_id INTEGER, 
	PRIMARY KEY (id)
);
CREATE TABLE hurts (
	what_happened TEXT NOT NULL, 
	who TEXT, 
	occurred_on DATE, 
	kind VARCHAR(16) NOT NULL, 
	impact TEXT, 
	belief TEXT, 
	id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, owner_id INTEGER, 
	PRIMARY KEY (id)
);
CREATE TABLE i_statements (
	boundary_id INTEGER, 
	feel TEXT NOT NULL, 
	"when" TEXT NOT NULL, 
	because TEXT, 
	need TEXT NOT NULL, 
	id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, owner_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(boundary_id) REFERENCES boundaries (id) ON DELETE SET NULL
);
CREATE TABLE invitations (
	id INTEGER NOT NULL, 
	token_hash VARCHAR(64) NOT NULL, 
	invited_by INTEGER, 
	created_at DATETIME NOT NULL, 
	expires_at DATETIME NOT NULL, 
	used_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(invited_by) REFERENCES accounts (id) ON DELETE SET NULL, 
	UNIQUE (token_hash)
);
CREATE TABLE journal_entries (
	title TEXT, 
	body TEXT NOT NULL, 
	id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, owner_id INTEGER, 
	PRIMARY KEY (id)
);
CREATE TABLE ladder_rungs (
	person_id INTEGER NOT NULL, 
	action TEXT NOT NULL, 
	risk INTEGER NOT NULL, 
	planned_on DATE, 
	fear_before INTEGER, 
	response VARCHAR(16), 
	feeling_after TEXT, 
	learned TEXT, 
	done_on DATE, 
	id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, owner_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(person_id) REFERENCES people (id) ON DELETE CASCADE
);
CREATE TABLE learned_belief_marks (
	"key" VARCHAR(64) NOT NULL, 
	applies BOOLEAN NOT NULL, 
	updated_at DATETIME NOT NULL, owner_id INTEGER, 
	PRIMARY KEY ("key")
);
CREATE TABLE mindful_pauses (
	seconds INTEGER NOT NULL, 
	id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, owner_id INTEGER, 
	PRIMARY KEY (id)
);
CREATE TABLE partner_checkins (
	person_id INTEGER, 
	held_on DATE NOT NULL, 
	went_well TEXT, 
	was_hard TEXT, 
	appreciation TEXT, 
	need TEXT, 
	to_try TEXT, 
	owner_id INTEGER, 
	shared BOOLEAN NOT NULL, 
	id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(person_id) REFERENCES people (id) ON DELETE CASCADE
);
CREATE TABLE partner_spaces (
	id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE pattern_entries (
	situation TEXT NOT NULL, 
	pattern VARCHAR(64) NOT NULL, 
	feeling TEXT, 
	need TEXT, 
	id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, owner_id INTEGER, 
	PRIMARY KEY (id)
);
CREATE TABLE people (
	name TEXT NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	notes TEXT, 
	support TEXT, 
	archived_at DATETIME, 
	id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, owner_id INTEGER, 
	PRIMARY KEY (id)
);
CREATE TABLE preferences (
	"key" VARCHAR(64) NOT NULL, 
	value VARCHAR(256) NOT NULL, 
	updated_at DATETIME NOT NULL, owner_id INTEGER, 
	PRIMARY KEY ("key")
);
CREATE TABLE report_shares (
	id INTEGER NOT NULL, 
	owner_id INTEGER NOT NULL, 
	therapist_id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	expires_at DATETIME NOT NULL, 
	since DATE NOT NULL, 
	until DATE NOT NULL, 
	sections TEXT NOT NULL, 
	body TEXT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(owner_id) REFERENCES accounts (id) ON DELETE CASCADE, 
	FOREIGN KEY(therapist_id) REFERENCES accounts (id) ON DELETE CASCADE
);
CREATE TABLE rituals (
	name TEXT NOT NULL, 
	person_id INTEGER, 
	cadence VARCHAR(8) NOT NULL, 
	weekdays VARCHAR(32) NOT NULL, 
	note TEXT, 
	archived_at DATETIME, 
	owner_id INTEGER, 
	shared BOOLEAN NOT NULL, 
	id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(person_id) REFERENCES people (id) ON DELETE CASCADE
);
CREATE TABLE rituals_kept (
	id INTEGER NOT NULL, 
	ritual_id INTEGER NOT NULL, 
	kept_on DATE NOT NULL, 
	note TEXT, 
	created_at DATETIME NOT NULL, owner_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(ritual_id) REFERENCES rituals (id) ON DELETE CASCADE
);
CREATE TABLE safety_checks (
	answers TEXT NOT NULL, 
	score INTEGER NOT NULL, 
	id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, owner_id INTEGER, 
	PRIMARY KEY (id)
);
CREATE TABLE safety_plans (
	id INTEGER NOT NULL, 
	updated_at DATETIME NOT NULL, 
	warning_signs TEXT, 
	on_my_own TEXT, 
	distractions TEXT, 
	ask_for_help TEXT, 
	professionals TEXT, 
	safer_surroundings TEXT, 
	reasons_for_living TEXT, 
	keep_outside BOOLEAN NOT NULL, 
	owner_id INTEGER, 
	shared BOOLEAN NOT NULL, 
	PRIMARY KEY (id)
);
CREATE VIRTUAL TABLE search_index USING fts5(text, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
INSERT INTO search_index(search_index, rank) VALUES ('secure-delete', 1);
CREATE TABLE self_empathy (
	situation TEXT NOT NULL, 
	acknowledge TEXT NOT NULL, 
	reflect TEXT, 
	validate TEXT, 
	be_kind TEXT, 
	challenge TEXT, 
	id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, owner_id INTEGER, 
	PRIMARY KEY (id)
);
CREATE TABLE "self_promises" (
	text TEXT NOT NULL, 
	due_on DATE NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	resolved_at DATETIME, 
	id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	person_id INTEGER, 
	made_by VARCHAR(8) DEFAULT 'me' NOT NULL, owner_id INTEGER, 
	PRIMARY KEY (id), 
	CONSTRAINT fk_self_promises_person_id_people FOREIGN KEY(person_id) REFERENCES people (id) ON DELETE CASCADE
);
CREATE TABLE shared_goals (
	goal TEXT NOT NULL, 
	why TEXT, 
	person_id INTEGER, 
	review_on DATE, 
	status VARCHAR(16) NOT NULL, 
	owner_id INTEGER, 
	shared BOOLEAN NOT NULL, 
	id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(person_id) REFERENCES people (id) ON DELETE CASCADE
);
CREATE TABLE sign_in_attempts (
	id INTEGER NOT NULL, 
	name_key_hash VARCHAR(64) NOT NULL, 
	address VARCHAR(64) NOT NULL, 
	at DATETIME NOT NULL, 
	succeeded BOOLEAN NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE space_invitations (
	id INTEGER NOT NULL, 
	space_id INTEGER NOT NULL, 
	inviter_id INTEGER NOT NULL, 
	invitee_key VARCHAR(64) NOT NULL, 
	invitee_name VARCHAR(64) NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(space_id) REFERENCES partner_spaces (id) ON DELETE CASCADE, 
	FOREIGN KEY(inviter_id) REFERENCES accounts (id) ON DELETE CASCADE, 
	UNIQUE (space_id)
);
CREATE TABLE space_members (
	account_id INTEGER NOT NULL, 
	space_id INTEGER NOT NULL, 
	joined_at DATETIME NOT NULL, 
	PRIMARY KEY (account_id), 
	FOREIGN KEY(account_id) REFERENCES accounts (id) ON DELETE CASCADE, 
	FOREIGN KEY(space_id) REFERENCES partner_spaces (id) ON DELETE CASCADE
);
CREATE TABLE support_contacts (
	name TEXT NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	person_id INTEGER, 
	helps_with TEXT, 
	how_to_reach TEXT, 
	owner_id INTEGER, 
	shared BOOLEAN NOT NULL, 
	id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(person_id) REFERENCES people (id) ON DELETE CASCADE
);
CREATE TABLE thought_records (
	situation TEXT NOT NULL, 
	automatic_thought TEXT NOT NULL, 
	emotions TEXT NOT NULL, 
	distortions VARCHAR(1000) NOT NULL, 
	evidence_for TEXT, 
	evidence_against TEXT, 
	friend_view TEXT, 
	balanced_thought TEXT, 
	id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, owner_id INTEGER, 
	PRIMARY KEY (id)
);
CREATE TABLE trust_totals ( person_id INTEGER NOT NULL, dimension VARCHAR(32) NOT NULL, positive BOOLEAN NOT NULL, total FLOAT NOT NULL, ref FLOAT NOT NULL, events INTEGER NOT NULL, PRIMARY KEY (person_id, dimension, positive));
CREATE TABLE trust_totals_meta (half_life FLOAT NOT NULL);
INSERT INTO "trust_totals_meta" VALUES (180.0);
CREATE TABLE wins (
	what TEXT NOT NULL, 
	kind VARCHAR(24) NOT NULL, 
	happened_on DATE NOT NULL, 
	source_tool VARCHAR(32), 
	source_id INTEGER, 
	owner_id INTEGER, 
	shared BOOLEAN NOT NULL, 
	id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_account_sessions_account_id ON account_sessions (account_id);
CREATE INDEX ix_affirmations_created_at ON affirmations (created_at);
CREATE INDEX ix_affirmations_owner_id ON affirmations (owner_id);
CREATE INDEX ix_appreciations_created_at ON appreciations (created_at);
CREATE INDEX ix_appreciations_owner_id ON appreciations (owner_id);
CREATE INDEX ix_appreciations_person_id ON appreciations (person_id);
CREATE INDEX ix_balance_logs_created_at ON balance_logs (created_at);
CREATE INDEX ix_balance_logs_day ON balance_logs (day);
CREATE INDEX ix_balance_logs_owner_id ON balance_logs (owner_id);
CREATE INDEX ix_belief_ratings_belief_id ON belief_ratings (belief_id);
CREATE INDEX ix_belief_ratings_owner_id ON belief_ratings (owner_id);
CREATE INDEX ix_beliefs_created_at ON beliefs (created_at);
CREATE INDEX ix_beliefs_owner_id ON beliefs (owner_id);
CREATE INDEX ix_boundaries_created_at ON boundaries (created_at);
CREATE INDEX ix_boundaries_owner_id ON boundaries (owner_id);
CREATE INDEX ix_boundary_events_boundary_id ON boundary_events (boundary_id);
CREATE INDEX ix_boundary_events_created_at ON boundary_events (created_at);
CREATE INDEX ix_boundary_events_owner_id ON boundary_events (owner_id);
CREATE INDEX ix_boundary_events_person_id ON boundary_events (person_id);
CREATE INDEX ix_bridge_plans_created_at ON bridge_plans (created_at);
CREATE INDEX ix_bridge_plans_owner_id ON bridge_plans (owner_id);
CREATE INDEX ix_checkins_created_at ON checkins (created_at);
CREATE INDEX ix_checkins_day ON checkins (day);
CREATE INDEX ix_checkins_owner_id ON checkins (owner_id);
CREATE INDEX ix_evidence_events_created_at ON evidence_events (created_at);
CREATE INDEX ix_evidence_events_owner_id ON evidence_events (owner_id);
CREATE INDEX ix_evidence_events_person_id ON evidence_events (person_id);
CREATE INDEX ix_evidence_occurred_on ON evidence_events (occurred_on);
CREATE INDEX ix_evidence_person_day ON evidence_events (person_id, occurred_on);
CREATE INDEX ix_goal_reviews_goal_id ON goal_reviews (goal_id);
CREATE INDEX ix_goal_reviews_owner_id ON goal_reviews (owner_id);
CREATE INDEX ix_gut_checks_created_at ON gut_checks (created_at);
CREATE INDEX ix_gut_checks_owner_id ON gut_checks (owner_id);
CREATE INDEX ix_gut_checks_person_id ON gut_checks (person_id);
CREATE INDEX ix_habit_logs_created_at ON habit_logs (created_at);
CREATE INDEX ix_habit_logs_day ON habit_logs (day);
CREATE INDEX ix_habit_logs_owner_id ON habit_logs (owner_id);
CREATE INDEX ix_hurts_created_at ON hurts (created_at);
CREATE INDEX ix_hurts_owner_id ON hurts (owner_id);
CREATE INDEX ix_i_statements_boundary_id ON i_statements (boundary_id);
CREATE INDEX ix_i_statements_created_at ON i_statements (created_at);
CREATE INDEX ix_i_statements_owner_id ON i_statements (owner_id);
CREATE INDEX ix_invitations_invited_by ON invitations (invited_by);
CREATE INDEX ix_journal_entries_created_at ON journal_entries (created_at);
CREATE INDEX ix_journal_entries_owner_id ON journal_entries (owner_id);
CREATE INDEX ix_ladder_rungs_created_at ON ladder_rungs (created_at);
CREATE INDEX ix_ladder_rungs_owner_id ON ladder_rungs (owner_id);
CREATE INDEX ix_ladder_rungs_person_id ON ladder_rungs (person_id);
CREATE INDEX ix_learned_belief_marks_owner_id ON learned_belief_marks (owner_id);
CREATE INDEX ix_mindful_pauses_created_at ON mindful_pauses (created_at);
CREATE INDEX ix_mindful_pauses_owner_id ON mindful_pauses (owner_id);
CREATE INDEX ix_partner_checkins_created_at ON partner_checkins (created_at);
CREATE INDEX ix_partner_checkins_held_on ON partner_checkins (held_on);
CREATE INDEX ix_partner_checkins_owner_id ON partner_checkins (owner_id);
CREATE INDEX ix_partner_checkins_person_id ON partner_checkins (person_id);
CREATE INDEX ix_pattern_entries_created_at ON pattern_entries (created_at);
CREATE INDEX ix_pattern_entries_owner_id ON pattern_entries (owner_id);
CREATE INDEX ix_people_created_at ON people (created_at);
CREATE INDEX ix_people_owner_id ON people (owner_id);
CREATE INDEX ix_preferences_owner_id ON preferences (owner_id);
CREATE INDEX ix_report_shares_owner_id ON report_shares (owner_id);
CREATE INDEX ix_report_shares_therapist_id ON report_shares (therapist_id);
CREATE INDEX ix_rituals_created_at ON rituals (created_at);
CREATE UNIQUE INDEX ix_rituals_kept_day ON rituals_kept (ritual_id, kept_on);
CREATE INDEX ix_rituals_kept_owner_id ON rituals_kept (owner_id);
CREATE INDEX ix_rituals_kept_ritual_id ON rituals_kept (ritual_id);
CREATE INDEX ix_rituals_owner_id ON rituals (owner_id);
CREATE INDEX ix_rituals_person_id ON rituals (person_id);
CREATE INDEX ix_safety_checks_created_at ON safety_checks (created_at);
CREATE INDEX ix_safety_checks_owner_id ON safety_checks (owner_id);
CREATE INDEX ix_safety_plans_owner_id ON safety_plans (owner_id);
CREATE INDEX ix_self_empathy_created_at ON self_empathy (created_at);
CREATE INDEX ix_self_empathy_owner_id ON self_empathy (owner_id);
CREATE INDEX ix_self_promises_created_at ON self_promises (created_at);
CREATE INDEX ix_self_promises_owner_id ON self_promises (owner_id);
CREATE INDEX ix_self_promises_person_id ON self_promises (person_id);
CREATE INDEX ix_self_promises_status_due ON self_promises (status, due_on);
CREATE INDEX ix_shared_goals_created_at ON shared_goals (created_at);
CREATE INDEX ix_shared_goals_owner_id ON shared_goals (owner_id);
CREATE INDEX ix_shared_goals_person_id ON shared_goals (person_id);
CREATE INDEX ix_sign_in_attempts_address ON sign_in_attempts (address);
CREATE INDEX ix_sign_in_attempts_at ON sign_in_attempts (at);
CREATE INDEX ix_sign_in_attempts_name_key_hash ON sign_in_attempts (name_key_hash);
CREATE INDEX ix_space_invitations_invitee_key ON space_invitations (invitee_key);
CREATE INDEX ix_space_invitations_inviter_id ON space_invitations (inviter_id);
CREATE INDEX ix_space_members_space_id ON space_members (space_id);
CREATE INDEX ix_support_contacts_created_at ON support_contacts (created_at);
CREATE INDEX ix_support_contacts_owner_id ON support_contacts (owner_id);
CREATE INDEX ix_support_contacts_person_id ON support_contacts (person_id);
CREATE INDEX ix_thought_records_created_at ON thought_records (created_at);
CREATE INDEX ix_thought_records_owner_id ON thought_records (owner_id);
CREATE INDEX ix_wins_created_at ON wins (created_at);
CREATE INDEX ix_wins_owner_id ON wins (owner_id);
CREATE UNIQUE INDEX ux_learned_belief_marks_owner_key ON learned_belief_marks (owner_id, "key");
CREATE UNIQUE INDEX ux_preferences_owner_key ON preferences (owner_id, "key");
CREATE TRIGGER search_index_affirmations_ad AFTER DELETE ON affirmations BEGIN DELETE FROM search_index WHERE rowid = ((10 << 40) | OLD.id); END;
CREATE TRIGGER search_index_affirmations_ai AFTER INSERT ON affirmations BEGIN INSERT INTO search_index(rowid, text) VALUES (((10 << 40) | NEW.id), concat_ws(' ', NEW."text")); END;
CREATE TRIGGER search_index_affirmations_au AFTER UPDATE OF "id", "text" ON affirmations BEGIN DELETE FROM search_index WHERE rowid = ((10 << 40) | OLD.id); INSERT INTO search_index(rowid, text) VALUES (((10 << 40) | NEW.id), concat_ws(' ', NEW."text")); END;
CREATE TRIGGER search_index_appreciations_ad AFTER DELETE ON appreciations BEGIN DELETE FROM search_index WHERE rowid = ((24 << 40) | OLD.id); END;
CREATE TRIGGER search_index_appreciations_ai AFTER INSERT ON appreciations BEGIN INSERT INTO search_index(rowid, text) VALUES (((24 << 40) | NEW.id), concat_ws(' ', NEW."what")); END;
CREATE TRIGGER search_index_appreciations_au AFTER UPDATE OF "id", "what" ON appreciations BEGIN DELETE FROM search_index WHERE rowid = ((24 << 40) | OLD.id); INSERT INTO search_index(rowid, text) VALUES (((24 << 40) | NEW.id), concat_ws(' ', NEW."what")); END;
CREATE TRIGGER search_index_balance_logs_ad AFTER DELETE ON balance_logs BEGIN DELETE FROM search_index WHERE rowid = ((20 << 40) | OLD.id); END;
CREATE TRIGGER search_index_balance_logs_ai AFTER INSERT ON balance_logs BEGIN INSERT INTO search_index(rowid, text) VALUES (((20 << 40) | NEW.id), concat_ws(' ', NEW."note")); END;
CREATE TRIGGER search_index_balance_logs_au AFTER UPDATE OF "id", "note" ON balance_logs BEGIN DELETE FROM search_index WHERE rowid = ((20 << 40) | OLD.id); INSERT INTO search_index(rowid, text) VALUES (((20 << 40) | NEW.id), concat_ws(' ', NEW."note")); END;
CREATE TRIGGER search_index_belief_ratings_ad AFTER DELETE ON belief_ratings BEGIN DELETE FROM search_index WHERE rowid = ((7 << 40) | OLD.id); END;
CREATE TRIGGER search_index_belief_ratings_ai AFTER INSERT ON belief_ratings BEGIN INSERT INTO search_index(rowid, text) VALUES (((7 << 40) | NEW.id), concat_ws(' ', NEW."note")); END;
CREATE TRIGGER search_index_belief_ratings_au AFTER UPDATE OF "id", "note" ON belief_ratings BEGIN DELETE FROM search_index WHERE rowid = ((7 << 40) | OLD.id); INSERT INTO search_index(rowid, text) VALUES (((7 << 40) | NEW.id), concat_ws(' ', NEW."note")); END;
CREATE TRIGGER search_index_beliefs_ad AFTER DELETE ON beliefs BEGIN DELETE FROM search_index WHERE rowid = ((6 << 40) | OLD.id); END;
CREATE TRIGGER search_index_beliefs_ai AFTER INSERT ON beliefs BEGIN INSERT INTO search_index(rowid, text) VALUES (((6 << 40) | NEW.id), concat_ws(' ', NEW."statement")); END;
CREATE TRIGGER search_index_beliefs_au AFTER UPDATE OF "id", "statement" ON beliefs BEGIN DELETE FROM search_index WHERE rowid = ((6 << 40) | OLD.id); INSERT INTO search_index(rowid, text) VALUES (((6 << 40) | NEW.id), concat_ws(' ', NEW."statement")); END;
CREATE TRIGGER search_index_boundaries_ad AFTER DELETE ON boundaries BEGIN DELETE FROM search_index WHERE rowid = ((17 << 40) | OLD.id); END;
CREATE TRIGGER search_index_boundaries_ai AFTER INSERT ON boundaries BEGIN INSERT INTO search_index(rowid, text) VALUES (((17 << 40) | NEW.id), concat_ws(' ', NEW."statement")); END;
CREATE TRIGGER search_index_boundaries_au AFTER UPDATE OF "id", "statement" ON boundaries BEGIN DELETE FROM search_index WHERE rowid = ((17 << 40) | OLD.id); INSERT INTO search_index(rowid, text) VALUES (((17 << 40) | NEW.id), concat_ws(' ', NEW."statement")); END;
CREATE TRIGGER search_index_boundary_events_ad AFTER DELETE ON boundary_events BEGIN DELETE FROM search_index WHERE rowid = ((19 << 40) | OLD.id); END;
CREATE TRIGGER search_index_boundary_events_ai AFTER INSERT ON boundary_events BEGIN INSERT INTO search_index(rowid, text) VALUES (((19 << 40) | NEW.id), concat_ws(' ', NEW."my_response")); END;
CREATE TRIGGER search_index_boundary_events_au AFTER UPDATE OF "id", "my_response" ON boundary_events BEGIN DELETE FROM search_index WHERE rowid = ((19 << 40) | OLD.id); INSERT INTO search_index(rowid, text) VALUES (((19 << 40) | NEW.id), concat_ws(' ', NEW."my_response")); END;
CREATE TRIGGER search_index_bridge_plans_ad AFTER DELETE ON bridge_plans BEGIN DELETE FROM search_index WHERE rowid = ((15 << 40) | OLD.id); END;
CREATE TRIGGER search_index_bridge_plans_ai AFTER INSERT ON bridge_plans BEGIN INSERT INTO search_index(rowid, text) VALUES (((15 << 40) | NEW.id), concat_ws(' ', NEW."what_broke", NEW."my_expectations", NEW."their_expectations", NEW."agreed_steps")); END;
CREATE TRIGGER search_index_bridge_plans_au AFTER UPDATE OF "id", "what_broke", "my_expectations", "their_expectations", "agreed_steps" ON bridge_plans BEGIN DELETE FROM search_index WHERE rowid = ((15 << 40) | OLD.id); INSERT INTO search_index(rowid, text) VALUES (((15 << 40) | NEW.id), concat_ws(' ', NEW."what_broke", NEW."my_expectations", NEW."their_expectations", NEW."agreed_steps")); END;
CREATE TRIGGER search_index_checkins_ad AFTER DELETE ON checkins BEGIN DELETE FROM search_index WHERE rowid = ((1 << 40) | OLD.id); END;
CREATE TRIGGER search_index_checkins_ai AFTER INSERT ON checkins BEGIN INSERT INTO search_index(rowid, text) VALUES (((1 << 40) | NEW.id), concat_ws(' ', NEW."emotion", NEW."note")); END;
CREATE TRIGGER search_index_checkins_au AFTER UPDATE OF "id", "emotion", "note" ON checkins BEGIN DELETE FROM search_index WHERE rowid = ((1 << 40) | OLD.id); INSERT INTO search_index(rowid, text) VALUES (((1 << 40) | NEW.id), concat_ws(' ', NEW."emotion", NEW."note")); END;
CREATE TRIGGER search_index_evidence_events_ad AFTER DELETE ON evidence_events BEGIN DELETE FROM search_index WHERE rowid = ((13 << 40) | OLD.id); END;
CREATE TRIGGER search_index_evidence_events_ai AFTER INSERT ON evidence_events BEGIN INSERT INTO search_index(rowid, text) VALUES (((13 << 40) | NEW.id), concat_ws(' ', NEW."note")); END;
CREATE TRIGGER search_index_evidence_events_au AFTER UPDATE OF "id", "note" ON evidence_events BEGIN DELETE FROM search_index WHERE rowid = ((13 << 40) | OLD.id); INSERT INTO search_index(rowid, text) VALUES (((13 << 40) | NEW.id), concat_ws(' ', NEW."note")); END;
CREATE TRIGGER search_index_goal_reviews_ad AFTER DELETE ON goal_reviews BEGIN DELETE FROM search_index WHERE rowid = ((26 << 40) | OLD.id); END;
CREATE TRIGGER search_index_goal_reviews_ai AFTER INSERT ON goal_reviews BEGIN INSERT INTO search_index(rowid, text) VALUES (((26 << 40) | NEW.id), concat_ws(' ', NEW."progress", NEW."next_step")); END;
CREATE TRIGGER search_index_goal_reviews_au AFTER UPDATE OF "id", "progress", "next_step" ON goal_reviews BEGIN DELETE FROM search_index WHERE rowid = ((26 << 40) | OLD.id); INSERT INTO search_index(rowid, text) VALUES (((26 << 40) | NEW.id), concat_ws(' ', NEW."progress", NEW."next_step")); END;
CREATE TRIGGER search_index_gut_checks_ad AFTER DELETE ON gut_checks BEGIN DELETE FROM search_index WHERE rowid = ((16 << 40) | OLD.id); END;
CREATE TRIGGER search_index_gut_checks_ai AFTER INSERT ON gut_checks BEGIN INSERT INTO search_index(rowid, text) VALUES (((16 << 40) | NEW.id), concat_ws(' ', NEW."sense", NEW."what_happened")); END;
CREATE TRIGGER search_index_gut_checks_au AFTER UPDATE OF "id", "sense", "what_happened" ON gut_checks BEGIN DELETE FROM search_index WHERE rowid = ((16 << 40) | OLD.id); INSERT INTO search_index(rowid, text) VALUES (((16 << 40) | NEW.id), concat_ws(' ', NEW."sense", NEW."what_happened")); END;
CREATE TRIGGER search_index_habit_logs_ad AFTER DELETE ON habit_logs BEGIN DELETE FROM search_index WHERE rowid = ((11 << 40) | OLD.id); END;
CREATE TRIGGER search_index_habit_logs_ai AFTER INSERT ON habit_logs BEGIN INSERT INTO search_index(rowid, text) VALUES (((11 << 40) | NEW.id), concat_ws(' ', NEW."note")); END;
CREATE TRIGGER search_index_habit_logs_au AFTER UPDATE OF "id", "note" ON habit_logs BEGIN DELETE FROM search_index WHERE rowid = ((11 << 40) | OLD.id); INSERT INTO search_index(rowid, text) VALUES (((11 << 40) | NEW.id), concat_ws(' ', NEW."note")); END;
CREATE TRIGGER search_index_hurts_ad AFTER DELETE ON hurts BEGIN DELETE FROM search_index WHERE rowid = ((3 << 40) | OLD.id); END;
CREATE TRIGGER search_index_hurts_ai AFTER INSERT ON hurts BEGIN INSERT INTO search_index(rowid, text) VALUES (((3 << 40) | NEW.id), concat_ws(' ', NEW."what_happened", NEW."who", NEW."impact", NEW."belief")); END;
CREATE TRIGGER search_index_hurts_au AFTER UPDATE OF "id", "what_happened", "who", "impact", "belief" ON hurts BEGIN DELETE FROM search_index WHERE rowid = ((3 << 40) | OLD.id); INSERT INTO search_index(rowid, text) VALUES (((3 << 40) | NEW.id), concat_ws(' ', NEW."what_happened", NEW."who", NEW."impact", NEW."belief")); END;
CREATE TRIGGER search_index_i_statements_ad AFTER DELETE ON i_statements BEGIN DELETE FROM search_index WHERE rowid = ((18 << 40) | OLD.id); END;
CREATE TRIGGER search_index_i_statements_ai AFTER INSERT ON i_statements BEGIN INSERT INTO search_index(rowid, text) VALUES (((18 << 40) | NEW.id), concat_ws(' ', NEW."feel", NEW."when", NEW."because", NEW."need")); END;
CREATE TRIGGER search_index_i_statements_au AFTER UPDATE OF "id", "feel", "when", "because", "need" ON i_statements BEGIN DELETE FROM search_index WHERE rowid = ((18 << 40) | OLD.id); INSERT INTO search_index(rowid, text) VALUES (((18 << 40) | NEW.id), concat_ws(' ', NEW."feel", NEW."when", NEW."because", NEW."need")); END;
CREATE TRIGGER search_index_journal_entries_ad AFTER DELETE ON journal_entries BEGIN DELETE FROM search_index WHERE rowid = ((2 << 40) | OLD.id); END;
CREATE TRIGGER search_index_journal_entries_ai AFTER INSERT ON journal_entries BEGIN INSERT INTO search_index(rowid, text) VALUES (((2 << 40) | NEW.id), concat_ws(' ', NEW."title", NEW."body")); END;
CREATE TRIGGER search_index_journal_entries_au AFTER UPDATE OF "id", "title", "body" ON journal_entries BEGIN DELETE FROM search_index WHERE rowid = ((2 << 40) | OLD.id); INSERT INTO search_index(rowid, text) VALUES (((2 << 40) | NEW.id), concat_ws(' ', NEW."title", NEW."body")); END;
CREATE TRIGGER search_index_ladder_rungs_ad AFTER DELETE ON ladder_rungs BEGIN DELETE FROM search_index WHERE rowid = ((14 << 40) | OLD.id); END;
CREATE TRIGGER search_index_ladder_rungs_ai AFTER INSERT ON ladder_rungs BEGIN INSERT INTO search_index(rowid, text) VALUES (((14 << 40) | NEW.id), concat_ws(' ', NEW."action", NEW."feeling_after", NEW."learned")); END;
CREATE TRIGGER search_index_ladder_rungs_au AFTER UPDATE OF "id", "action", "feeling_after", "learned" ON ladder_rungs BEGIN DELETE FROM search_index WHERE rowid = ((14 << 40) | OLD.id); INSERT INTO search_index(rowid, text) VALUES (((14 << 40) | NEW.id), concat_ws(' ', NEW."action", NEW."feeling_after", NEW."learned")); END;
CREATE TRIGGER search_index_partner_checkins_ad AFTER DELETE ON partner_checkins BEGIN DELETE FROM search_index WHERE rowid = ((21 << 40) | OLD.id); END;
CREATE TRIGGER search_index_partner_checkins_ai AFTER INSERT ON partner_checkins BEGIN INSERT INTO search_index(rowid, text) VALUES (((21 << 40) | NEW.id), concat_ws(' ', NEW."went_well", NEW."was_hard", NEW."appreciation", NEW."need", NEW."to_try")); END;
CREATE TRIGGER search_index_partner_checkins_au AFTER UPDATE OF "id", "went_well", "was_hard", "appreciation", "need", "to_try" ON partner_checkins BEGIN DELETE FROM search_index WHERE rowid = ((21 << 40) | OLD.id); INSERT INTO search_index(rowid, text) VALUES (((21 << 40) | NEW.id), concat_ws(' ', NEW."went_well", NEW."was_hard", NEW."appreciation", NEW."need", NEW."to_try")); END;
CREATE TRIGGER search_index_pattern_entries_ad AFTER DELETE ON pattern_entries BEGIN DELETE FROM search_index WHERE rowid = ((4 << 40) | OLD.id); END;
CREATE TRIGGER search_index_pattern_entries_ai AFTER INSERT ON pattern_entries BEGIN INSERT INTO search_index(rowid, text) VALUES (((4 << 40) | NEW.id), concat_ws(' ', NEW."situation", NEW."feeling", NEW."need")); END;
CREATE TRIGGER search_index_pattern_entries_au AFTER UPDATE OF "id", "situation", "feeling", "need" ON pattern_entries BEGIN DELETE FROM search_index WHERE rowid = ((4 << 40) | OLD.id); INSERT INTO search_index(rowid, text) VALUES (((4 << 40) | NEW.id), concat_ws(' ', NEW."situation", NEW."feeling", NEW."need")); END;
CREATE TRIGGER search_index_people_ad AFTER DELETE ON people BEGIN DELETE FROM search_index WHERE rowid = ((12 << 40) | OLD.id); END;
CREATE TRIGGER search_index_people_ai AFTER INSERT ON people BEGIN INSERT INTO search_index(rowid, text) VALUES (((12 << 40) | NEW.id), concat_ws(' ', NEW."name", NEW."notes", NEW."support")); END;
CREATE TRIGGER search_index_people_au AFTER UPDATE OF "id", "name", "notes", "support" ON people BEGIN DELETE FROM search_index WHERE rowid = ((12 << 40) | OLD.id); INSERT INTO search_index(rowid, text) VALUES (((12 << 40) | NEW.id), concat_ws(' ', NEW."name", NEW."notes", NEW."support")); END;
CREATE TRIGGER search_index_rituals_ad AFTER DELETE ON rituals BEGIN DELETE FROM search_index WHERE rowid = ((22 << 40) | OLD.id); END;
CREATE TRIGGER search_index_rituals_ai AFTER INSERT ON rituals BEGIN INSERT INTO search_index(rowid, text) VALUES (((22 << 40) | NEW.id), concat_ws(' ', NEW."name", NEW."note")); END;
CREATE TRIGGER search_index_rituals_au AFTER UPDATE OF "id", "name", "note" ON rituals BEGIN DELETE FROM search_index WHERE rowid = ((22 << 40) | OLD.id); INSERT INTO search_index(rowid, text) VALUES (((22 << 40) | NEW.id), concat_ws(' ', NEW."name", NEW."note")); END;
CREATE TRIGGER search_index_rituals_kept_ad AFTER DELETE ON rituals_kept BEGIN DELETE FROM search_index WHERE rowid = ((23 << 40) | OLD.id); END;
CREATE TRIGGER search_index_rituals_kept_ai AFTER INSERT ON rituals_kept BEGIN INSERT INTO search_index(rowid, text) VALUES (((23 << 40) | NEW.id), concat_ws(' ', NEW."note")); END;
CREATE TRIGGER search_index_rituals_kept_au AFTER UPDATE OF "id", "note" ON rituals_kept BEGIN DELETE FROM search_index WHERE rowid = ((23 << 40) | OLD.id); INSERT INTO search_index(rowid, text) VALUES (((23 << 40) | NEW.id), concat_ws(' ', NEW."note")); END;
CREATE TRIGGER search_index_safety_plans_ad AFTER DELETE ON safety_plans BEGIN DELETE FROM search_index WHERE rowid = ((29 << 40) | OLD.id); END;
CREATE TRIGGER search_index_safety_plans_ai AFTER INSERT ON safety_plans BEGIN INSERT INTO search_index(rowid, text) VALUES (((29 << 40) | NEW.id), concat_ws(' ', NEW."warning_signs", NEW."on_my_own", NEW."distractions", NEW."ask_for_help", NEW."professionals", NEW."safer_surroundings", NEW."reasons_for_living")); END;
CREATE TRIGGER search_index_safety_plans_au AFTER UPDATE OF "id", "warning_signs", "on_my_own", "distractions", "ask_for_help", "professionals", "safer_surroundings", "reasons_for_living" ON safety_plans BEGIN DELETE FROM search_index WHERE rowid = ((29 << 40) | OLD.id); INSERT INTO search_index(rowid, text) VALUES (((29 << 40) | NEW.id), concat_ws(' ', NEW."warning_signs", NEW."on_my_own", NEW."distractions", NEW."ask_for_help", NEW."professionals", NEW."safer_surroundings", NEW."reasons_for_living")); END;
CREATE TRIGGER search_index_self_empathy_ad AFTER DELETE ON self_empathy BEGIN DELETE FROM search_index WHERE rowid = ((9 << 40) | OLD.id); END;
CREATE TRIGGER search_index_self_empathy_ai AFTER INSERT ON self_empathy BEGIN INSERT INTO search_index(rowid, text) VALUES (((9 << 40) | NEW.id), concat_ws(' ', NEW."situation", NEW."acknowledge", NEW."reflect", NEW."validate", NEW."be_kind", NEW."challenge")); END;
CREATE TRIGGER search_index_self_empathy_au AFTER UPDATE OF "id", "situation", "acknowledge", "reflect", "validate", "be_kind", "challenge" ON self_empathy BEGIN DELETE FROM search_index WHERE rowid = ((9 << 40) | OLD.id); INSERT INTO search_index(rowid, text) VALUES (((9 << 40) | NEW.id), concat_ws(' ', NEW."situation", NEW."acknowledge", NEW."reflect", NEW."validate", NEW."be_kind", NEW."challenge")); END;
CREATE TRIGGER search_index_self_promises_ad AFTER DELETE ON self_promises BEGIN DELETE FROM search_index WHERE rowid = ((8 << 40) | OLD.id); END;
CREATE TRIGGER search_index_self_promises_ai AFTER INSERT ON self_promises BEGIN INSERT INTO search_index(rowid, text) VALUES (((8 << 40) | NEW.id), concat_ws(' ', NEW."text")); END;
CREATE TRIGGER search_index_self_promises_au AFTER UPDATE OF "id", "text" ON self_promises BEGIN DELETE FROM search_index WHERE rowid = ((8 << 40) | OLD.id); INSERT INTO search_index(rowid, text) VALUES (((8 << 40) | NEW.id), concat_ws(' ', NEW."text")); END;
CREATE TRIGGER search_index_shared_goals_ad AFTER DELETE ON shared_goals BEGIN DELETE FROM search_index WHERE rowid = ((25 << 40) | OLD.id); END;
CREATE TRIGGER search_index_shared_goals_ai AFTER INSERT ON shared_goals BEGIN INSERT INTO search_index(rowid, text) VALUES (((25 << 40) | NEW.id), concat_ws(' ', NEW."goal", NEW."why")); END;
CREATE TRIGGER search_index_shared_goals_au AFTER UPDATE OF "id", "goal", "why" ON shared_goals BEGIN DELETE FROM search_index WHERE rowid = ((25 << 40) | OLD.id); INSERT INTO search_index(rowid, text) VALUES (((25 << 40) | NEW.id), concat_ws(' ', NEW."goal", NEW."why")); END;
CREATE TRIGGER search_index_support_contacts_ad AFTER DELETE ON support_contacts BEGIN DELETE FROM search_index WHERE rowid = ((28 << 40) | OLD.id); END;
CREATE TRIGGER search_index_support_contacts_ai AFTER INSERT ON support_contacts BEGIN INSERT INTO search_index(rowid, text) VALUES (((28 << 40) | NEW.id), concat_ws(' ', NEW."name", NEW."helps_with", NEW."how_to_reach")); END;
CREATE TRIGGER search_index_support_contacts_au AFTER UPDATE OF "id", "name", "helps_with", "how_to_reach" ON support_contacts BEGIN DELETE FROM search_index WHERE rowid = ((28 << 40) | OLD.id); INSERT INTO search_index(rowid, text) VALUES (((28 << 40) | NEW.id), concat_ws(' ', NEW."name", NEW."helps_with", NEW."how_to_reach")); END;
CREATE TRIGGER search_index_thought_records_ad AFTER DELETE ON thought_records BEGIN DELETE FROM search_index WHERE rowid = ((5 << 40) | OLD.id); END;
CREATE TRIGGER search_index_thought_records_ai AFTER INSERT ON thought_records BEGIN INSERT INTO search_index(rowid, text) VALUES (((5 << 40) | NEW.id), concat_ws(' ', NEW."situation", NEW."automatic_thought", NEW."evidence_for", NEW."evidence_against", NEW."friend_view", NEW."balanced_thought", CASE WHEN json_valid(NEW."emotions") THEN (SELECT group_concat(value, ' ') FROM json_tree(NEW."emotions") WHERE type = 'text') END)); END;
CREATE TRIGGER search_index_thought_records_au AFTER UPDATE OF "id", "situation", "automatic_thought", "evidence_for", "evidence_against", "friend_view", "balanced_thought", "emotions" ON thought_records BEGIN DELETE FROM search_index WHERE rowid = ((5 << 40) | OLD.id); INSERT INTO search_index(rowid, text) VALUES (((5 << 40) | NEW.id), concat_ws(' ', NEW."situation", NEW."automatic_thought", NEW."evidence_for", NEW."evidence_against", NEW."friend_view", NEW."balanced_thought", CASE WHEN json_valid(NEW."emotions") THEN (SELECT group_concat(value, ' ') FROM json_tree(NEW."emotions") WHERE type = 'text') END)); END;
CREATE TRIGGER search_index_wins_ad AFTER DELETE ON wins BEGIN DELETE FROM search_index WHERE rowid = ((27 << 40) | OLD.id); END;
CREATE TRIGGER search_index_wins_ai AFTER INSERT ON wins BEGIN INSERT INTO search_index(rowid, text) VALUES (((27 << 40) | NEW.id), concat_ws(' ', NEW."what")); END;
CREATE TRIGGER search_index_wins_au AFTER UPDATE OF "id", "what" ON wins BEGIN DELETE FROM search_index WHERE rowid = ((27 << 40) | OLD.id); INSERT INTO search_index(rowid, text) VALUES (((27 << 40) | NEW.id), concat_ws(' ', NEW."what")); END;
CREATE TRIGGER trust_totals_ad AFTER DELETE ON evidence_events BEGIN UPDATE trust_totals SET events = events - 1, total = max(0.0, total - (CASE OLD.weight WHEN 'small' THEN 1.0 WHEN 'significant' THEN 2.0 WHEN 'major' THEN 4.0 ELSE 0.0 END) * tb_fade(ref - julianday(OLD.occurred_on), (SELECT half_life FROM trust_totals_meta))) WHERE person_id = OLD.person_id AND dimension = OLD.dimension AND positive = OLD.positive; DELETE FROM trust_totals WHERE person_id = OLD.person_id AND dimension = OLD.dimension AND positive = OLD.positive AND events <= 0; UPDATE trust_totals SET ref = (SELECT max(julianday(e.occurred_on)) FROM evidence_events e WHERE e.person_id = OLD.person_id AND e.dimension = OLD.dimension AND e.positive = OLD.positive) WHERE person_id = OLD.person_id AND dimension = OLD.dimension AND positive = OLD.positive AND ref = julianday(OLD.occurred_on); UPDATE trust_totals SET total = (SELECT coalesce(sum((CASE e.weight WHEN 'small' THEN 1.0 WHEN 'significant' THEN 2.0 WHEN 'major' THEN 4.0 ELSE 0.0 END) * tb_fade(trust_totals.ref - julianday(e.occurred_on), (SELECT half_life FROM trust_totals_meta))), 0.0) FROM evidence_events e WHERE e.person_id = OLD.person_id AND e.dimension = OLD.dimension AND e.positive = OLD.positive) WHERE person_id = OLD.person_id AND dimension = OLD.dimension AND positive = OLD.positive AND ref < julianday(OLD.occurred_on); END;
CREATE TRIGGER trust_totals_ai AFTER INSERT ON evidence_events BEGIN INSERT OR IGNORE INTO trust_totals VALUES (NEW.person_id, NEW.dimension, NEW.positive, 0.0, julianday(NEW.occurred_on), 0); UPDATE trust_totals SET total = CASE WHEN julianday(NEW.occurred_on) > ref THEN total * tb_fade(julianday(NEW.occurred_on) - ref, (SELECT half_life FROM trust_totals_meta)) + (CASE NEW.weight WHEN 'small' THEN 1.0 WHEN 'significant' THEN 2.0 WHEN 'major' THEN 4.0 ELSE 0.0 END) ELSE total + (CASE NEW.weight WHEN 'small' THEN 1.0 WHEN 'significant' THEN 2.0 WHEN 'major' THEN 4.0 ELSE 0.0 END) * tb_fade(ref - julianday(NEW.occurred_on), (SELECT half_life FROM trust_totals_meta)) END, ref = max(ref, julianday(NEW.occurred_on)), events = events + 1 WHERE person_id = NEW.person_id AND dimension = NEW.dimension AND positive = NEW.positive; END;
CREATE TRIGGER trust_totals_au AFTER UPDATE OF person_id, dimension, positive, weight, occurred_on ON evidence_events BEGIN UPDATE trust_totals SET events = events - 1, total = max(0.0, total - (CASE OLD.weight WHEN 'small' THEN 1.0 WHEN 'significant' THEN 2.0 WHEN 'major' THEN 4.0 ELSE 0.0 END) * tb_fade(ref - julianday(OLD.occurred_on), (SELECT half_life FROM trust_totals_meta))) WHERE person_id = OLD.person_id AND dimension = OLD.dimension AND positive = OLD.positive; DELETE FROM trust_totals WHERE person_id = OLD.person_id AND dimension = OLD.dimension AND positive = OLD.positive AND events <= 0; UPDATE trust_totals SET ref = (SELECT max(julianday(e.occurred_on)) FROM evidence_events e WHERE e.person_id = OLD.person_id AND e.dimension = OLD.dimension AND e.positive = OLD.positive) WHERE person_id = OLD.person_id AND dimension = OLD.dimension AND positive = OLD.positive AND ref = julianday(OLD.occurred_on); UPDATE trust_totals SET total = (SELECT coalesce(sum((CASE e.weight WHEN 'small' THEN 1.0 WHEN 'significant' THEN 2.0 WHEN 'major' THEN 4.0 ELSE 0.0 END) * tb_fade(trust_totals.ref - julianday(e.occurred_on), (SELECT half_life FROM trust_totals_meta))), 0.0) FROM evidence_events e WHERE e.person_id = OLD.person_id AND e.dimension = OLD.dimension AND e.positive = OLD.positive) WHERE person_id = OLD.person_id AND dimension = OLD.dimension AND positive = OLD.positive AND ref < julianday(OLD.occurred_on); INSERT OR IGNORE INTO trust_totals VALUES (NEW.person_id, NEW.dimension, NEW.positive, 0.0, julianday(NEW.occurred_on), 0); UPDATE trust_totals SET total = CASE WHEN julianday(NEW.occurred_on) > ref THEN total * tb_fade(julianday(NEW.occurred_on) - ref, (SELECT half_life FROM trust_totals_meta)) + (CASE NEW.weight WHEN 'small' THEN 1.0 WHEN 'significant' THEN 2.0 WHEN 'major' THEN 4.0 ELSE 0.0 END) ELSE total + (CASE NEW.weight WHEN 'small' THEN 1.0 WHEN 'significant' THEN 2.0 WHEN 'major' THEN 4.0 ELSE 0.0 END) * tb_fade(ref - julianday(NEW.occurred_on), (SELECT half_life FROM trust_totals_meta)) END, ref = max(ref, julianday(NEW.occurred_on)), events = events + 1 WHERE person_id = NEW.person_id AND dimension = NEW.dimension AND positive = NEW.positive; END;
COMMIT;
