/**
 * The words of the synthetic force: West Yorkshire places by district and the phrases first
 * accounts are made of. Nothing here is about a real person; names come from faker's en-GB data.
 */
import type { District } from '../../domain/occurrence';

/** Towns, villages and neighbourhoods of each district. */
export const localities: Record<District, readonly string[]> = {
  bradford: [
    'Manningham', 'Keighley', 'Shipley', 'Bingley', 'Ilkley', 'Girlington', 'Thornbury', 'Eccleshill', 'Idle', 'Wibsey', 'Great Horton',
    'Little Horton', 'Allerton', 'Heaton', 'Bowling', 'Laisterdyke', 'Buttershaw', 'Holme Wood', 'Queensbury', 'Thornton', 'Baildon', 'Silsden', 'Haworth',
  ],
  calderdale: [
    'Halifax', 'Brighouse', 'Elland', 'Sowerby Bridge', 'Hebden Bridge', 'Todmorden', 'Illingworth', 'Mixenden', 'Ovenden', 'King Cross', 'Siddal',
    'Rastrick', 'Northowram', 'Southowram', 'Ripponden',
  ],
  kirklees: [
    'Huddersfield', 'Dewsbury', 'Batley', 'Heckmondwike', 'Mirfield', 'Cleckheaton', 'Holmfirth', 'Marsden', 'Slaithwaite', 'Lindley', 'Almondbury',
    'Birstall', 'Ravensthorpe', 'Thornhill', 'Birkby', 'Fartown', 'Meltham', 'Kirkburton',
  ],
  leeds: [
    'Chapel Allerton', 'Headingley', 'Harehills', 'Armley', 'Beeston', 'Holbeck', 'Hunslet', 'Roundhay', 'Moortown', 'Horsforth', 'Pudsey', 'Morley',
    'Rothwell', 'Seacroft', 'Gipton', 'Bramley', 'Kirkstall', 'Meanwood', 'Garforth', 'Otley', 'Wetherby', 'Cross Gates', 'Middleton', 'Burley', 'Hyde Park',
  ],
  wakefield: [
    'Castleford', 'Pontefract', 'Normanton', 'Ossett', 'Horbury', 'Featherstone', 'Knottingley', 'Hemsworth', 'South Elmsall', 'South Kirkby', 'Outwood',
    'Stanley', 'Eastmoor', 'Lupset', 'Agbrigg', 'Sandal', 'Airedale', 'Ackworth',
  ],
};

export const shops = ['Tesco', 'Asda', 'Morrisons', 'Aldi', 'Lidl', "Sainsbury's", 'Co-op', 'B&M'] as const;

export const workplaces = [
  'the care home where {vo} works',
  'the call centre where {v} works',
  'the school where {v} teaches',
  'the hospital where {v} works nights',
  'the warehouse where {v} works',
  'the hair salon where {v} works',
  'the GP surgery where {v} is a receptionist',
  'the pub where {v} works weekends',
  'the bank where {v} works',
  'the gym',
  'college',
  'the university library',
] as const;

/** The suspect as the first account names them. {name} is a made-up full name. */
export const suspects = {
  exPartner: ['{vp} ex-partner {name}', '{vp} former partner {name}', '{vp} ex {name}', "{vp} children's father {name}", '{vp} ex-husband {name}'],
  acquaintance: [
    'a former colleague, {name}',
    '{vp} neighbour {name}',
    'a man {v} met on a dating app',
    'a customer who comes into {vp} work',
    'a former friend, {name}',
    'someone {v} went to school with, {name}',
    'a man from {vp} gym',
    '{vp} landlord {name}',
  ],
  family: ['{vp} brother-in-law {name}', '{vp} cousin {name}', "{vp} sister's ex-partner {name}", '{vp} stepfather {name}'],
  stranger: ['an unknown {sx}', 'a {sx} {v} does not know', 'a {sx} {v} has seen around {locality}'],
} as const;

/** What the suspect has done, as "{S} has ..." clauses. */
export const behaviours = [
  'has been waiting outside {vp} address on {street} most evenings for the last {n} weeks',
  'has followed {vo} from {locality} to {workplace} on at least {n} occasions',
  'has sent over {many} text and WhatsApp messages since {weekday}, many of them in the middle of the night',
  'keeps calling {vo} from withheld numbers, sometimes {n} times a night',
  'left flowers and a handwritten letter on the windscreen of {vp} car',
  'has set up fake Instagram and Facebook accounts in {vp} name',
  'has been turning up at the school gates at {school} Primary when {v} collects the children',
  'posted {vp} home address and photographs of {vo} on social media',
  "has been seen sitting in a car outside {vp} mother's house in {locality}",
  'fitted a tracking device to {vp} car; {v} found it under the rear wheel arch',
  'sent messages saying {v} will regret leaving and that {s} knows where {v} is at all times',
  'has been contacting {vp} friends, family and employer to spread rumours about {vo}',
  'came to the door at {hour} last night and would not leave until {v} said {v} was calling the police',
  'has been ordering parcels and takeaways to {vp} address in {vp} name',
  'keeps driving slowly past the house and sounding the horn',
  'has been messaging {vo} on Snapchat from a new account each time {v} blocks {so}',
  'was seen going through {vp} bins',
  'has been watching {vo} through the window of {vp} ground floor flat on {street}',
  'tried to get into {vp} car in the {shop} car park in {locality}',
  'turned up at {workplace} and caused a scene in front of {vp} manager',
  'has been leaving voicemails crying and then shouting abuse',
  'sent a parcel containing old photographs of the two of them with the faces scratched out',
  'has been using a friend’s phone to get round {vp} blocks',
  'logged into {vp} email and changed the passwords on {vp} accounts',
  'has been waiting at the bus stop on {street} when {v} finishes work',
] as const;

/** What the 999 caller says is happening now. */
export const happeningNow = [
  '{S} is outside the address now and is banging on the door.',
  '{S} is in the garden now and has tried the back door.',
  '{S} has just followed {vo} into the {shop} on {street} and is waiting by the exit.',
  '{S} is sitting in a car across the road now with the engine running.',
] as const;

export const impacts = [
  '{V} is frightened to leave the house.',
  '{V} has changed {vp} route to work and is staying with family.',
  '{V} says {v} is not sleeping and has had to take time off work.',
  '{V} fears {s} will come into the house.',
  '{V} has blocked {so} on every platform but the contact continues.',
  'The children are scared and {v} has stopped walking them to school.',
  '{V} has kept screenshots of the messages and call logs.',
  '{V} wants police to speak to {so} but is worried it will make things worse.',
  '{V} has had the locks changed and is thinking of moving.',
  '{V} is anxious all the time and checks the street before going out.',
] as const;

export const histories = [
  'This started {n} weeks ago after the relationship ended.',
  'The relationship ended in {month} after {years} years together.',
  'There was a previous report in {year} but {v} did not support a prosecution at the time.',
  '{S} is on bail with conditions not to contact {vo}.',
  '{V} has not spoken to {so} since {month}.',
  'There have been no previous reports to police.',
  '{V} says this has been going on on and off for {years} years.',
] as const;

export const openings = [
  'Caller states that',
  'Victim reports that',
  'Reporting person says',
  'Informant states that',
  'Caller is a friend of the victim and says',
] as const;

export const weekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
export const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
export const schools = ['St Mary’s', 'Park View', 'Hollybush', 'Greenside', 'Westfield', 'Moorside', 'Oakwood', 'Highfield', 'Victoria', 'Brookfield'] as const;

/**
 * Names as West Yorkshire's records hold them: common first names and surnames of England and
 * Wales, with the force's South Asian and Eastern European communities, so the same names recur
 * as they do in real records.
 */
export const femaleFirstNames = [
  'Olivia', 'Amelia', 'Emily', 'Sophie', 'Jessica', 'Chloe', 'Charlotte', 'Lucy', 'Hannah', 'Ellie', 'Megan', 'Lauren', 'Rebecca', 'Sarah', 'Laura',
  'Emma', 'Rachel', 'Gemma', 'Nicola', 'Claire', 'Kelly', 'Joanne', 'Lisa', 'Michelle', 'Donna', 'Helen', 'Karen', 'Julie', 'Tracey', 'Susan',
  'Amy', 'Katie', 'Zoe', 'Jade', 'Danielle', 'Natalie', 'Stacey', 'Leanne', 'Kirsty', 'Abigail', 'Grace', 'Molly', 'Poppy', 'Isla', 'Freya',
  'Aisha', 'Fatima', 'Ayesha', 'Zainab', 'Maryam', 'Sana', 'Nadia', 'Amina', 'Shazia', 'Samina', 'Priya', 'Anita', 'Agnieszka', 'Katarzyna', 'Joanna',
] as const;
export const maleFirstNames = [
  'Oliver', 'Harry', 'Jack', 'George', 'Thomas', 'James', 'William', 'Daniel', 'Joshua', 'Samuel', 'Matthew', 'Ryan', 'Liam', 'Connor', 'Jordan',
  'Callum', 'Lewis', 'Jamie', 'Adam', 'Luke', 'Craig', 'Lee', 'Darren', 'Wayne', 'Gary', 'Paul', 'Mark', 'Stephen', 'Andrew', 'David',
  'Michael', 'Christopher', 'Jason', 'Dean', 'Scott', 'Shaun', 'Carl', 'Kieran', 'Reece', 'Tyler', 'Nathan', 'Aaron', 'Ben', 'Joe', 'Kyle',
  'Mohammed', 'Muhammad', 'Imran', 'Adil', 'Asif', 'Zeeshan', 'Tariq', 'Usman', 'Bilal', 'Hamza', 'Raj', 'Sunil', 'Tomasz', 'Piotr', 'Marek',
] as const;
export const surnames = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson', 'Wright', 'Thompson', 'Evans', 'Walker', 'White',
  'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke', 'Harrison', 'Hughes', 'Turner', 'Hill', 'Lee', 'Lewis', 'Cooper', 'Ward', 'Moore',
  'King', 'Baker', 'Allen', 'Shaw', 'Marshall', 'Holmes', 'Atkinson', 'Sutcliffe', 'Barker', 'Firth', 'Haigh', 'Hirst', 'Kaye', 'Lockwood',
  'Mitchell', 'Pearson', 'Priestley', 'Ackroyd', 'Brook', 'Greenwood', 'Hargreaves', 'Whiteley', 'Crowther', 'Dyson', 'Sykes', 'Armitage',
  'Hussain', 'Khan', 'Ahmed', 'Ali', 'Akhtar', 'Begum', 'Mahmood', 'Iqbal', 'Patel', 'Shah', 'Butt', 'Rehman', 'Bibi', 'Aslam', 'Nawaz',
  'Kaur', 'Singh', 'Mistry', 'Nowak', 'Kowalski', 'Wiśniewski', 'Murphy', "O'Brien", 'Kelly', 'Campbell', 'Stewart', 'Kovacs', 'Popescu',
] as const;
