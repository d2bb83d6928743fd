// Complex floating-point values for the numeric probe. Principal branches everywhere, so both sides of a
// comparison take the same branch and an identity like (x^{1/3})^2 = x^{2/3} holds at every sample point.

export class C {
  constructor(readonly re: number, readonly im = 0) {}
  get isReal(): boolean { return Math.abs(this.im) <= 1e-12 * Math.max(1, Math.abs(this.re)); }
  get finite(): boolean { return Number.isFinite(this.re) && Number.isFinite(this.im); }
}

export const NAN = new C(NaN, NaN);

export const cadd = (a: C, b: C) => new C(a.re + b.re, a.im + b.im);
export const csub = (a: C, b: C) => new C(a.re - b.re, a.im - b.im);
export const cneg = (a: C) => new C(-a.re, -a.im);

export function cmul(a: C, b: C): C {
  if (a.im === 0 && b.im === 0) return new C(a.re * b.re);
  return new C(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
}

export function cdiv(a: C, b: C): C {
  if (a.im === 0 && b.im === 0) return new C(a.re / b.re);
  const d = b.re * b.re + b.im * b.im;
  return new C((a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d);
}

export const cabs = (a: C) => Math.hypot(a.re, a.im);

export function cexp(a: C): C {
  if (a.im === 0) return new C(Math.exp(a.re));
  const r = Math.exp(a.re);
  return new C(r * Math.cos(a.im), r * Math.sin(a.im));
}

export function clog(a: C): C {
  if (a.im === 0 && a.re > 0) return new C(Math.log(a.re));
  return new C(Math.log(cabs(a)), Math.atan2(a.im, a.re));
}

export function csqrt(a: C): C {
  if (a.im === 0) return a.re >= 0 ? new C(Math.sqrt(a.re)) : new C(0, Math.sqrt(-a.re));
  const r = cabs(a);
  const re = Math.sqrt((r + a.re) / 2);
  const im = Math.sign(a.im) * Math.sqrt((r - a.re) / 2);
  return new C(re, im);
}

export function cpow(a: C, b: C): C {
  if (b.im === 0 && Number.isInteger(b.re) && Math.abs(b.re) <= 64) {
    // Repeated multiplication keeps (-2)^3 exactly real.
    let k = Math.abs(b.re);
    let r = new C(1);
    let base = a;
    while (k > 0) {
      if (k & 1) r = cmul(r, base);
      base = cmul(base, base);
      k >>= 1;
    }
    return b.re < 0 ? cdiv(new C(1), r) : r;
  }
  if (a.im === 0 && b.im === 0 && (a.re > 0 || Number.isInteger(b.re))) return new C(Math.pow(a.re, b.re));
  if (a.re === 0 && a.im === 0) return b.re > 0 ? new C(0) : NAN;
  if (b.im === 0 && b.re === 0.5) return csqrt(a);
  return cexp(cmul(b, clog(a)));
}

const I = new C(0, 1);

export function csin(a: C): C {
  if (a.im === 0) return new C(Math.sin(a.re));
  return new C(Math.sin(a.re) * Math.cosh(a.im), Math.cos(a.re) * Math.sinh(a.im));
}

export function ccos(a: C): C {
  if (a.im === 0) return new C(Math.cos(a.re));
  return new C(Math.cos(a.re) * Math.cosh(a.im), -Math.sin(a.re) * Math.sinh(a.im));
}

export const ctan = (a: C) => (a.im === 0 ? new C(Math.tan(a.re)) : cdiv(csin(a), ccos(a)));

/** Real-only functions: complex arguments give NaN, which the probe treats as "no information". */
export function real1(f: (x: number) => number): (a: C) => C {
  return (a) => (a.im === 0 ? new C(f(a.re)) : NAN);
}

export function casin(a: C): C {
  if (a.im === 0 && Math.abs(a.re) <= 1) return new C(Math.asin(a.re));
  // -i log(iz + sqrt(1 - z^2))
  return cmul(cneg(I), clog(cadd(cmul(I, a), csqrt(csub(new C(1), cmul(a, a))))));
}

export function cacos(a: C): C {
  if (a.im === 0 && Math.abs(a.re) <= 1) return new C(Math.acos(a.re));
  return csub(new C(Math.PI / 2), casin(a));
}

export function catan(a: C): C {
  if (a.im === 0) return new C(Math.atan(a.re));
  // i/2 (log(1 - iz) - log(1 + iz))
  const iz = cmul(I, a);
  return cmul(new C(0, 0.5), csub(clog(csub(new C(1), iz)), clog(cadd(new C(1), iz))));
}
