/** Vocabulary of the intake journey: people's roles in an occurrence, incidents, markers, tasks. */
export const partyRoles = ['victim', 'reporter', 'witness', 'suspect'] as const;
export type PartyRole = (typeof partyRoles)[number];
export const partyRoleLabels: Record<PartyRole, string> = { victim: 'Victim', reporter: 'Person reporting', witness: 'Witness', suspect: 'Suspect' };

/** CS-03: the capacity in which a person reports. */
export const reporterCapacities = ['victim', 'friend', 'family', 'support_agency', 'other'] as const;
export type ReporterCapacity = (typeof reporterCapacities)[number];
export const reporterCapacityLabels: Record<ReporterCapacity, string> = {
  victim: 'The victim',
  friend: 'Friend',
  family: 'Family member',
  support_agency: 'Support agency',
  other: 'Other',
};

/** CS-06: warning markers and factors affecting the response. */
export const personMarkers = ['violence', 'weapons', 'mental_health', 'disability', 'cultural_needs', 'self_harm', 'drugs', 'firearms'] as const;
export type PersonMarker = (typeof personMarkers)[number];
export const personMarkerLabels: Record<PersonMarker, string> = {
  violence: 'Violence',
  weapons: 'Weapons',
  mental_health: 'Mental health',
  disability: 'Disability',
  cultural_needs: 'Cultural needs',
  self_harm: 'Self-harm',
  drugs: 'Drugs',
  firearms: 'Firearms',
};

/** Acts associated with stalking (PHA 1997 s2A(3)) and others. */
export const incidentActTypes = ['following', 'contacting', 'publishing', 'monitoring', 'loitering', 'interfering_with_property', 'watching_or_spying', 'threats', 'other'] as const;
export type IncidentActType = (typeof incidentActTypes)[number];
export const incidentActTypeLabels: Record<IncidentActType, string> = {
  following: 'Following',
  contacting: 'Contacting or trying to contact',
  publishing: 'Publishing statements or material',
  monitoring: 'Monitoring internet, email or other electronic communication',
  loitering: 'Loitering',
  interfering_with_property: 'Interfering with property',
  watching_or_spying: 'Watching or spying',
  threats: 'Threats',
  other: 'Other',
};

export const incidentChannels = ['in_person', 'phone', 'text', 'social_media', 'email', 'other'] as const;
export type IncidentChannel = (typeof incidentChannels)[number];
export const incidentChannelLabels: Record<IncidentChannel, string> = {
  in_person: 'In person',
  phone: 'Phone call',
  text: 'Text message',
  social_media: 'Social media',
  email: 'Email',
  other: 'Other',
};
/** ID-06: channels that mean digital equipment or social media was used. */
export const digitalChannels: readonly IncidentChannel[] = ['phone', 'text', 'social_media', 'email'];

export const taskStatuses = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof taskStatuses)[number];
