// Where the shared recordings come from. Keep these with any result or copy derived from them
// (README of /work/shared/emg).

export interface DatasetAttribution {
  dataset: string;
  source: string;
  url: string;
  license: string;
  citation: string;
}

export const RECORDINGS_ATTRIBUTION = {
  myoWrist: {
    dataset: 'myo-readings-dataset, right hand, participant 12345 session 1 (Myo armband, 8 channels, ~200 Hz)',
    source: 'GitHub aljazfrancic/myo-readings-dataset, folder _readings_right_hand/12345-1/',
    url: 'https://github.com/aljazfrancic/myo-readings-dataset',
    license: 'MIT (Copyright (c) 2021 Aljaž; see myo-wrist/LICENSE)',
    citation: 'Aljaž Frančič, myo-readings-dataset (2021), https://github.com/aljazfrancic/myo-readings-dataset',
  },
  grabmyo: {
    dataset: 'GRABMyo v1.1.0, participant 1, session 1 (raw sEMG, 2048 Hz, WFDB)',
    source: 'PhysioNet GRABMyo v1.1.0, doi:10.13026/89dm-f662',
    url: 'https://physionet.org/content/grabmyo/1.1.0/',
    license: 'CC BY 4.0',
    citation:
      'Pradhan A., He J., Jiang N., "Multi-day dataset of forearm and wrist electromyogram for hand gesture recognition and biometrics", Scientific Data 9:733 (2022)',
  },
  uciGrasps: {
    dataset: 'sEMG for Basic Hand movements, database 1, subject female_1 (2 channels, 500 Hz)',
    source: 'UCI Machine Learning Repository, dataset 313',
    url: 'https://archive.ics.uci.edu/dataset/313/semg+for+basic+hand+movements',
    license: 'CC BY 4.0 (the UCI repository licence; not restated in the shared README)',
    citation:
      'C. Sapsanis, G. Georgoulas, A. Tzes, "EMG based classification of basic hand movements based on time-frequency features", MED 2013',
  },
} as const satisfies Record<string, DatasetAttribution>;

/** One line for EmgRecording.source. */
export function attributionLine(a: DatasetAttribution): string {
  return `${a.source}; ${a.license}; cite: ${a.citation}`;
}
