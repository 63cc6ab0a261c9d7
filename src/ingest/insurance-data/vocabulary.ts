/**
 * The fixed lists the insurance sample data draws from: products and their plans, branches,
 * names, occupations, claim types and the reasons a claims team records.
 * The products' codes and settlement windows match the example project's `products` seed.
 */

export type ProductCode = 'HLT' | 'MOT' | 'LIF' | 'HOM';

export interface Product {
  code: ProductCode;
  /** How often a new policy is of this product (relative). */
  weight: number;
  /** Sum insured of the basic plan, in rupees; higher plans multiply it. */
  baseSumInsured: number;
  /** Yearly premium as a share of the sum insured, before the holder's risk loading. */
  premiumRate: number;
  /** Whether age and smoking load the premium. */
  riskRated: boolean;
  /** Claims a policy makes per day, on average. */
  claimsPerDay: number;
  /** Median claimed amount as a share of the sum insured (life claims pay the sum insured). */
  medianClaimShare: number;
  /** Days within which a claim must be settled, counted from filing. */
  settlementWindowDays: number;
  claimTypes: readonly string[];
  /** Coverage code and its limit as a share of the sum insured (0 = a fixed limit in rupees). */
  coverages: readonly { code: string; share: number; fixed?: number; fromPlan?: number }[];
  /** Whether the policy names beneficiaries. */
  hasBeneficiaries: boolean;
}

export const PRODUCTS: readonly Product[] = [
  {
    code: 'HLT',
    weight: 40,
    baseSumInsured: 300_000,
    premiumRate: 0.03,
    riskRated: true,
    claimsPerDay: 0.0008,
    medianClaimShare: 0.08,
    settlementWindowDays: 30,
    claimTypes: ['hospitalisation', 'day care', 'outpatient'],
    coverages: [
      { code: 'HOSPITALISATION', share: 1 },
      { code: 'OUTPATIENT', share: 0.1 },
      { code: 'MATERNITY', share: 0.2, fromPlan: 2 },
    ],
    hasBeneficiaries: true,
  },
  {
    code: 'MOT',
    weight: 30,
    baseSumInsured: 500_000,
    premiumRate: 0.025,
    riskRated: false,
    claimsPerDay: 0.0005,
    medianClaimShare: 0.1,
    settlementWindowDays: 30,
    claimTypes: ['collision', 'theft', 'third party'],
    coverages: [
      { code: 'OWN_DAMAGE', share: 1 },
      { code: 'THIRD_PARTY', share: 0, fixed: 750_000 },
      { code: 'PERSONAL_ACCIDENT', share: 0, fixed: 1_500_000, fromPlan: 1 },
    ],
    hasBeneficiaries: false,
  },
  {
    code: 'LIF',
    weight: 20,
    baseSumInsured: 2_500_000,
    premiumRate: 0.004,
    riskRated: true,
    claimsPerDay: 0.000008,
    medianClaimShare: 1,
    settlementWindowDays: 30,
    claimTypes: ['death'],
    coverages: [
      { code: 'DEATH', share: 1 },
      { code: 'ACCIDENTAL_DEATH', share: 1, fromPlan: 3 },
    ],
    hasBeneficiaries: true,
  },
  {
    code: 'HOM',
    weight: 10,
    baseSumInsured: 2_000_000,
    premiumRate: 0.002,
    riskRated: false,
    claimsPerDay: 0.00012,
    medianClaimShare: 0.02,
    settlementWindowDays: 45,
    claimTypes: ['fire', 'water damage', 'burglary'],
    coverages: [
      { code: 'BUILDING', share: 1 },
      { code: 'CONTENTS', share: 0.3 },
    ],
    hasBeneficiaries: false,
  },
];

/** Plans in order; a plan's sum insured is the product's base times its multiplier. */
export const PLANS: readonly { name: string; weight: number; multiplier: number }[] = [
  { name: 'basic', weight: 40, multiplier: 1 },
  { name: 'silver', weight: 30, multiplier: 2 },
  { name: 'gold', weight: 20, multiplier: 3 },
  { name: 'platinum', weight: 10, multiplier: 5 },
];

export const BRANCHES: readonly { id: number; name: string; city: string; region: string }[] = [
  { id: 1, name: 'Mumbai Fort', city: 'Mumbai', region: 'WEST' },
  { id: 2, name: 'Pune Camp', city: 'Pune', region: 'WEST' },
  { id: 3, name: 'Ahmedabad CG Road', city: 'Ahmedabad', region: 'WEST' },
  { id: 4, name: 'Delhi Connaught Place', city: 'New Delhi', region: 'NORTH' },
  { id: 5, name: 'Lucknow Hazratganj', city: 'Lucknow', region: 'NORTH' },
  { id: 6, name: 'Jaipur MI Road', city: 'Jaipur', region: 'NORTH' },
  { id: 7, name: 'Chennai Anna Salai', city: 'Chennai', region: 'SOUTH' },
  { id: 8, name: 'Bengaluru MG Road', city: 'Bengaluru', region: 'SOUTH' },
  { id: 9, name: 'Hyderabad Abids', city: 'Hyderabad', region: 'SOUTH' },
  { id: 10, name: 'Kochi Marine Drive', city: 'Kochi', region: 'SOUTH' },
  { id: 11, name: 'Kolkata Park Street', city: 'Kolkata', region: 'EAST' },
  { id: 12, name: 'Bhubaneswar Janpath', city: 'Bhubaneswar', region: 'EAST' },
];

export const FIRST_NAMES: readonly string[] = [
  'Aarav', 'Aditi', 'Ananya', 'Arjun', 'Deepa', 'Divya', 'Farhan', 'Gauri', 'Harish', 'Ishaan', 'Kavya', 'Karan',
  'Lakshmi', 'Manoj', 'Meera', 'Neha', 'Nikhil', 'Pooja', 'Priya', 'Rahul', 'Rohan', 'Sanjay', 'Shreya', 'Sunita',
  'Tanvi', 'Varun', 'Vikram', 'Zoya', 'Imran', 'Joseph', 'Fatima', 'Gurpreet',
];

export const LAST_NAMES: readonly string[] = [
  'Sharma', 'Verma', 'Iyer', 'Nair', 'Reddy', 'Patel', 'Shah', 'Mehta', 'Gupta', 'Singh', 'Das', 'Banerjee',
  'Mukherjee', 'Khan', 'Fernandes', 'Menon', 'Pillai', 'Rao', 'Joshi', 'Kulkarni', 'Chatterjee', 'Bose',
];

/** Occupations with their risk class (1 = office work … 3 = hazardous). */
export const OCCUPATIONS: readonly { name: string; riskClass: number; weight: number }[] = [
  { name: 'software engineer', riskClass: 1, weight: 12 },
  { name: 'teacher', riskClass: 1, weight: 10 },
  { name: 'accountant', riskClass: 1, weight: 8 },
  { name: 'shop owner', riskClass: 2, weight: 12 },
  { name: 'nurse', riskClass: 2, weight: 6 },
  { name: 'driver', riskClass: 3, weight: 8 },
  { name: 'construction worker', riskClass: 3, weight: 5 },
  { name: 'farmer', riskClass: 2, weight: 9 },
  { name: 'retired', riskClass: 2, weight: 7 },
];

export const RELATIONSHIPS: readonly string[] = ['spouse', 'child', 'parent', 'sibling'];

/** Recorded on a settlement made after the mandated window. */
export const LATE_SETTLEMENT_REASONS: readonly string[] = [
  'awaiting documents from claimant',
  'investigation under section 45',
  'legal heir dispute',
  'hospital bills under verification',
];

export const REJECTION_REASONS: readonly string[] = [
  'pre-existing condition not disclosed',
  'treatment not covered by the plan',
  'claim filed after the deadline',
  'policy exclusion applies',
];

export const PAYMENT_METHODS: readonly string[] = ['auto-debit', 'upi', 'card', 'cheque'];
