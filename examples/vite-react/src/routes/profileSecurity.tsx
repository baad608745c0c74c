import { useFiefAuth, useFiefTokenInfo, useFiefUserinfo } from '@fief-spa/react';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { FormStatus, type SaveState } from '../components/FormStatus';
import { PageTitle } from '../components/PageTitle';
import { LoginButton, LoginRedirectError, useLoginRedirect } from '../components/useLoginRedirect';
import { userMessage } from '../components/userMessage';
import { usesLocalDevServer } from '../config';

/**
 * `/profile/security`: change password, change email. Fief accepts these only with a token of ACR 1 (the user
 * typed their password recently); with ACR 0 (a session resumed from a cookie) the page asks them to sign in
 * again, and the login brings them straight back here.
 */
export function ProfileSecurityRoute() {
  const tokenInfo = useFiefTokenInfo();
  const userinfo = useFiefUserinfo();
  if (!tokenInfo || !userinfo) return null; // <RequireAuth> renders this page only with a session

  return (
    <div className="grid">
      <PageTitle title="Security" />
      {tokenInfo.acr === '1' ? (
        <>
          <ChangePasswordForm />
          <ChangeEmailForm currentEmail={userinfo.email} />
        </>
      ) : (
        <ConfirmIdentity email={userinfo.email} />
      )}
    </div>
  );
}

function ConfirmIdentity({ email }: { email: string }) {
  const login = useLoginRedirect();
  return (
    <section className="card card-notice">
      <h2>Confirm it’s you</h2>
      <p>
        Your session was resumed without a password. To change your password or email, sign in again; you will
        come straight back to this page.
      </p>
      <div className="actions">
        <LoginButton
          login={login}
          options={{ acrValues: '1', returnTo: '/profile/security', loginHint: email }}
        >
          Confirm with my password
        </LoginButton>
      </div>
      <LoginRedirectError message={login.error} />
    </section>
  );
}

function ChangePasswordForm() {
  const auth = useFiefAuth();
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [state, setState] = useState<SaveState>({ status: 'idle' });
  // Typing again means the last outcome ("Password changed.", or why it failed) no longer applies.
  const clearOutcome = () =>
    setState((current) => (current.status === 'saving' ? current : { status: 'idle' }));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (password !== confirmation) {
      setState({ status: 'error', message: 'The two passwords differ.' });
      return;
    }
    setState({ status: 'saving' });
    try {
      await auth.changePassword(password);
      setPassword('');
      setConfirmation('');
      setState({ status: 'saved' });
    } catch (error) {
      console.error('Changing the password failed:', error);
      setState({ status: 'error', message: userMessage(error) });
    }
  }

  return (
    <section className="card">
      <h2>Change password</h2>
      <form className="form" onSubmit={onSubmit}>
        <label className="field">
          <span>New password</span>
          <input
            type="password"
            name="new-password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(event) => {
              setPassword(event.target.value);
              clearOutcome();
            }}
          />
        </label>
        <label className="field">
          <span>Repeat new password</span>
          <input
            type="password"
            name="confirm-password"
            autoComplete="new-password"
            required
            value={confirmation}
            onChange={(event) => {
              setConfirmation(event.target.value);
              clearOutcome();
            }}
          />
        </label>
        <div className="actions">
          <button type="submit" className="button" disabled={state.status === 'saving'}>
            {state.status === 'saving' ? 'Changing…' : 'Change password'}
          </button>
          <FormStatus state={state} done="Password changed. Use it next time you sign in." />
        </div>
      </form>
    </section>
  );
}

type EmailStep =
  | { step: 'enter'; error?: string; busy?: boolean }
  | { step: 'verify'; email: string; error?: string; busy?: boolean }
  | { step: 'done'; email: string };

/** Two steps: Fief mails a code to the new address (`emailChange`), the user types it here (`emailVerify`). */
function ChangeEmailForm({ currentEmail }: { currentEmail: string }) {
  const auth = useFiefAuth();
  const [step, setStep] = useState<EmailStep>({ step: 'enter' });
  const [email, setEmail] = useState('');
  const [code, setCode] = useState('');
  const codeHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    // A new step replaced the form the user was in: take them (and their screen reader) to its heading.
    if (step.step === 'verify') codeHeading.current?.focus();
  }, [step.step]);

  async function requestCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (email.trim().toLowerCase() === currentEmail.toLowerCase()) {
      setStep({ step: 'enter', error: `${currentEmail} is already your email address.` });
      return;
    }
    setStep({ step: 'enter', busy: true });
    try {
      await auth.emailChange(email);
      setCode('');
      setStep({ step: 'verify', email });
    } catch (error) {
      console.error('Sending the email code failed:', error);
      setStep({ step: 'enter', error: userMessage(error) });
    }
  }

  async function verifyCode(event: FormEvent<HTMLFormElement>, pending: string) {
    event.preventDefault();
    setStep({ step: 'verify', email: pending, busy: true });
    try {
      await auth.emailVerify(code.trim());
      setStep({ step: 'done', email: pending });
    } catch (error) {
      console.error('Verifying the email code failed:', error);
      setStep({ step: 'verify', email: pending, error: userMessage(error) });
    }
  }

  return (
    <section className="card">
      <h2>Change email</h2>
      <p className="visually-hidden" aria-live="polite" data-testid="email-step-announcer">
        {step.step === 'verify' ? `Step 2 of 2: enter the code sent to ${step.email}.` : ''}
      </p>
      {step.step === 'enter' ? (
        <form className="form" onSubmit={requestCode}>
          <p className="muted">
            Currently <strong>{currentEmail}</strong>. We will send a code to the new address.
          </p>
          <label className="field">
            <span>New email</span>
            <input
              type="email"
              name="email"
              autoComplete="email"
              maxLength={254}
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          </label>
          <div className="actions">
            <button type="submit" className="button" disabled={step.busy}>
              {step.busy ? 'Sending…' : 'Send code'}
            </button>
            <FormStatus
              state={step.error ? { status: 'error', message: step.error } : { status: 'idle' }}
              done=""
            />
          </div>
        </form>
      ) : step.step === 'verify' ? (
        <form className="form" onSubmit={(event) => verifyCode(event, step.email)}>
          <h3 ref={codeHeading} tabIndex={-1} className="step-heading">
            Enter the code
          </h3>
          <p>
            We sent a code to <strong>{step.email}</strong>. Type it here to confirm the new address.
          </p>
          {usesLocalDevServer ? (
            <p className="hint">
              Local dev server: no email is sent; the code is printed in the terminal running{' '}
              <code>npm start</code>.
            </p>
          ) : null}
          <label className="field">
            <span>Verification code</span>
            <input
              name="code"
              autoComplete="one-time-code"
              maxLength={32}
              required
              value={code}
              onChange={(event) => setCode(event.target.value)}
            />
          </label>
          <div className="actions">
            <button type="submit" className="button" disabled={step.busy}>
              {step.busy ? 'Verifying…' : 'Verify'}
            </button>
            <button type="button" className="button button-quiet" onClick={() => setStep({ step: 'enter' })}>
              Use another address
            </button>
            <FormStatus
              state={step.error ? { status: 'error', message: step.error } : { status: 'idle' }}
              done=""
            />
          </div>
        </form>
      ) : (
        <div className="form">
          <p className="status status-ok" role="status">
            Your email is now {step.email}.
          </p>
          <div className="actions">
            <button
              type="button"
              className="button button-quiet"
              onClick={() => {
                setEmail('');
                setStep({ step: 'enter' });
              }}
            >
              Change it again
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
