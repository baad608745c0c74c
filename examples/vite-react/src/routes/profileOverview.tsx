import { useFiefAuth, useFiefTokenInfo, useFiefUserinfo } from '@fief-spa/react';
import { type FormEvent, useState } from 'react';
import { FormStatus, type SaveState } from '../components/FormStatus';
import { PageTitle } from '../components/PageTitle';
import { TokenExpiry } from '../components/TokenExpiry';
import { userMessage } from '../components/userMessage';
import { editableFields, type UserFields } from '../config';

/** `/profile`: who the user is, what the access token grants, and a form for the custom fields. */
export function ProfileOverviewRoute() {
  const userinfo = useFiefUserinfo<UserFields>();
  const tokenInfo = useFiefTokenInfo();
  if (!userinfo || !tokenInfo) return null; // <RequireAuth> renders this page only with a session

  const fields = Object.entries(userinfo.fields ?? {});
  return (
    <div className="grid">
      <PageTitle title="Your profile" />
      <section className="card">
        <h2>Identity</h2>
        <dl className="facts">
          <dt>Email</dt>
          <dd data-testid="profile-email">
            {userinfo.email}{' '}
            {userinfo.email_verified ? (
              <span className="badge badge-ok">verified</span>
            ) : (
              <span className="badge">not verified</span>
            )}
          </dd>
          <dt>User ID</dt>
          <dd>
            <code>{userinfo.sub}</code>
          </dd>
          {fields.map(([slug, value]) => (
            <FieldFact key={slug} slug={slug} value={value} />
          ))}
        </dl>
      </section>

      <section className="card">
        <h2>Access token</h2>
        <dl className="facts">
          <dt>Expires in</dt>
          <dd>
            <TokenExpiry expiresAt={tokenInfo.expires_at} />
          </dd>
          <dt>ACR</dt>
          <dd data-testid="acr">
            <code>{tokenInfo.acr}</code>{' '}
            <span className="muted">
              {tokenInfo.acr === '1' ? 'password entered at sign-in' : 'session resumed without a password'}
            </span>
          </dd>
          <dt>Scopes</dt>
          <dd>
            <Chips items={tokenInfo.scope} empty="none" testId="scopes" />
          </dd>
          <dt>Permissions</dt>
          <dd>
            <Chips items={tokenInfo.permissions} empty="none granted" testId="permissions" />
          </dd>
        </dl>
      </section>

      <FieldsForm key={userinfo.sub} saved={userinfo.fields} />
    </div>
  );
}

function FieldFact({ slug, value }: { slug: string; value: unknown }) {
  const label = editableFields.find((field) => field.slug === slug)?.label ?? slug;
  const text = value === null || value === undefined || value === '' ? '—' : String(value);
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={`field-${slug}`}>
        {typeof value === 'object' && value ? JSON.stringify(value) : text}
      </dd>
    </>
  );
}

function Chips({ items, empty, testId }: { items: readonly string[]; empty: string; testId: string }) {
  if (items.length === 0)
    return (
      <span className="muted" data-testid={testId}>
        {empty}
      </span>
    );
  return (
    <ul className="chips" data-testid={testId}>
      {items.map((item) => (
        <li key={item} className="chip">
          {item}
        </li>
      ))}
    </ul>
  );
}

type FieldValues = Record<string, string>;

function formValues(fields: UserFields): FieldValues {
  return Object.fromEntries(editableFields.map(({ slug }) => [slug, fields[slug] ?? '']));
}

function sameValues(a: FieldValues, b: FieldValues): boolean {
  return editableFields.every(({ slug }) => a[slug] === b[slug]);
}

/**
 * Edits the custom fields with `updateProfile`; the session's user info updates everywhere on success. `saved` is
 * the profile as the session knows it: when another tab saves a change, an untouched form takes the new values,
 * and a form being edited keeps the user's typing and says the profile changed.
 */
function FieldsForm({ saved }: { saved: UserFields }) {
  const auth = useFiefAuth();
  const current = formValues(saved);
  // `base`: the saved values the user started editing from.
  const [base, setBase] = useState(current);
  const [values, setValues] = useState(current);
  const [state, setState] = useState<SaveState>({ status: 'idle' });
  if (!sameValues(base, current) && (sameValues(values, base) || sameValues(values, current))) {
    // Untouched (or just saved with these very values): follow the saved profile.
    setBase(current);
    setValues(current);
  }
  const changedElsewhere = !sameValues(base, current);
  const takeNewValues = () => {
    setBase(current);
    setValues(current);
    setState({ status: 'idle' });
  };

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setState({ status: 'saving' });
    try {
      await auth.updateProfile({ fields: values });
      setState({ status: 'saved' });
    } catch (error) {
      console.error('Saving the profile failed:', error);
      setState({ status: 'error', message: userMessage(error) });
    }
  }

  return (
    <section className="card">
      <h2>Edit profile</h2>
      <form className="form" onSubmit={onSubmit}>
        {changedElsewhere ? (
          <div className="notice" role="status" data-testid="profile-changed-elsewhere">
            <p>Your profile was changed in another tab. Saving now replaces that change with yours.</p>
            <button type="button" className="button button-quiet" onClick={takeNewValues}>
              Use the new values
            </button>
          </div>
        ) : null}
        {editableFields.map(({ slug, label, autoComplete, maxLength }) => (
          <label key={slug} className="field">
            <span>{label}</span>
            <input
              name={slug}
              autoComplete={autoComplete}
              maxLength={maxLength}
              value={values[slug] ?? ''}
              onChange={(event) => {
                setValues((current) => ({ ...current, [slug]: event.target.value }));
                setState({ status: 'idle' });
              }}
            />
          </label>
        ))}
        <div className="actions">
          <button type="submit" className="button" disabled={state.status === 'saving'}>
            {state.status === 'saving' ? 'Saving…' : 'Save changes'}
          </button>
          <FormStatus state={state} done="Saved." />
        </div>
      </form>
    </section>
  );
}
