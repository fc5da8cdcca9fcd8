// Fixed handout wording in each language (the exercise and advice texts come from content).
import type { Locale } from './schema';

export interface HandoutLabels {
  title: string;
  patient: string;
  date: string;
  clinician: string;
  pregnancy: (weeks: number) => string;
  yourExercises: string;
  intro: string;
  howMuch: string;
  sets: (n: number) => string;
  reps: (n: number) => string;
  setsOfReps: (sets: number, reps: number) => string;
  hold: (s: number) => string;
  minutes: (m: number) => string;
  timesPerDay: (n: number) => string;
  daysPerWeek: (n: number) => string;
  leftOut: string;
  leftOutIntro: string;
  instead: (name: string) => string;
  keptByClinician: (reason: string) => string;
  advice: string;
  stopAndCall: string;
  stopIntro: string;
  tickSheet: string;
  tickIntro: string;
  week: string;
  exercise: string;
  days: [string, string, string, string, string, string, string];
  page: (n: number, of: number) => string;
  documentTitle: (patient: string) => string;
}

export const LABELS: Record<Locale, HandoutLabels> = {
  en: {
    title: 'Your home exercise plan',
    patient: 'Patient',
    date: 'Date',
    clinician: 'Clinician',
    pregnancy: (w) => `Adapted for pregnancy (${w} weeks)`,
    yourExercises: 'Your exercises',
    intro: 'Do these exercises as shown. Move slowly and keep breathing. Mild discomfort is fine; sharp or increasing pain is not.',
    howMuch: 'How much',
    sets: (n) => (n === 1 ? '1 set' : `${n} sets`),
    reps: (n) => (n === 1 ? '1 repetition' : `${n} repetitions`),
    setsOfReps: (s, r) => `${s === 1 ? '1 set' : `${s} sets`} of ${r}`,
    hold: (s) => `hold ${s} seconds`,
    minutes: (m) => (m === 1 ? '1 minute' : `${m} minutes`),
    timesPerDay: (n) => (n === 1 ? 'once a day' : n === 2 ? 'twice a day' : `${n} times a day`),
    daysPerWeek: (n) => (n === 7 ? 'every day' : `${n} days a week`),
    leftOut: 'Left out for your safety',
    leftOutIntro: 'These exercises are not in your plan at this stage:',
    instead: (name) => `Instead: ${name}`,
    keptByClinician: (reason) => `Kept by your clinician: ${reason}`,
    advice: 'Looking after your hip at home',
    stopAndCall: 'Stop exercising and call us if you have',
    stopIntro: 'If it is an emergency, call the emergency number.',
    tickSheet: 'Weekly tick sheet',
    tickIntro: 'Tick a box each day you do the exercise. Bring this sheet to your next visit.',
    week: 'Week',
    exercise: 'Exercise',
    days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
    page: (n, of) => `Page ${n} of ${of}`,
    documentTitle: (p) => `Home exercise plan for ${p}`,
  },
  es: {
    title: 'Su plan de ejercicios en casa',
    patient: 'Paciente',
    date: 'Fecha',
    clinician: 'Fisioterapeuta',
    pregnancy: (w) => `Adaptado al embarazo (${w} semanas)`,
    yourExercises: 'Sus ejercicios',
    intro: 'Haga estos ejercicios como se indica. Muévase despacio y siga respirando. Una molestia leve es normal; un dolor agudo o que aumenta, no.',
    howMuch: 'Cuánto',
    sets: (n) => (n === 1 ? '1 serie' : `${n} series`),
    reps: (n) => (n === 1 ? '1 repetición' : `${n} repeticiones`),
    setsOfReps: (s, r) => `${s === 1 ? '1 serie' : `${s} series`} de ${r}`,
    hold: (s) => `mantener ${s} segundos`,
    minutes: (m) => (m === 1 ? '1 minuto' : `${m} minutos`),
    timesPerDay: (n) => (n === 1 ? 'una vez al día' : n === 2 ? 'dos veces al día' : `${n} veces al día`),
    daysPerWeek: (n) => (n === 7 ? 'todos los días' : `${n} días a la semana`),
    leftOut: 'Excluidos por su seguridad',
    leftOutIntro: 'Estos ejercicios no forman parte de su plan en esta etapa:',
    instead: (name) => `En su lugar: ${name}`,
    keptByClinician: (reason) => `Mantenido por su fisioterapeuta: ${reason}`,
    advice: 'Cómo cuidar su cadera en casa',
    stopAndCall: 'Deje el ejercicio y llámenos si tiene',
    stopIntro: 'Si es una urgencia, llame al número de emergencias.',
    tickSheet: 'Registro semanal',
    tickIntro: 'Marque una casilla cada día que haga el ejercicio. Traiga esta hoja a su próxima visita.',
    week: 'Semana',
    exercise: 'Ejercicio',
    days: ['Lun', 'Mar', 'Mié', 'Jue', 'Vie', 'Sáb', 'Dom'],
    page: (n, of) => `Página ${n} de ${of}`,
    documentTitle: (p) => `Plan de ejercicios en casa de ${p}`,
  },
};
