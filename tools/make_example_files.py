"""Write the example files of ``dcmcore/data/files`` with dcmcore itself.

Run ``python tools/make_example_files.py``; the output is deterministic
(fixed UIDs, dates and synthetic pixel values) and committed. The files hold
no patient data: names, identifiers and images are made up.
"""

import math
import sys
from array import array
from pathlib import Path

from dcmcore.dataset import Dataset, FileMetaDataset
from dcmcore.filewriter import dcmwrite
from dcmcore.sequence import Sequence

OUT = Path(__file__).resolve().parent.parent / "dcmcore" / "data" / "files"

# A UID root for made-up identifiers: 2.25 is the UUID-derived arc (PS3.5
# B.2), followed by a fixed number so that every run gives the same UIDs.
ROOT = "2.25.31178243650431960925370584532418"
CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2"
MR_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.4"
RT_PLAN_STORAGE = "1.2.840.10008.5.1.4.1.1.481.5"
EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1"
IMPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2"


def _file_meta(sop_class: str, sop_instance: str, transfer_syntax: str) -> FileMetaDataset:
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = sop_instance
    meta.TransferSyntaxUID = transfer_syntax
    meta.ImplementationClassUID = f"{ROOT}.0.1"
    meta.ImplementationVersionName = "DCMCORE_EXAMPLE"
    return meta


def _phantom(size: int, background: int, disks: list) -> bytes:
    """A synthetic image: `background` with disks (x, y, radius, value)
    added, as 16-bit little endian values."""
    values = array("h")
    for row in range(size):
        for col in range(size):
            value = background
            for x, y, radius, level in disks:
                if (col - x) ** 2 + (row - y) ** 2 <= radius**2:
                    value += level
            # a gentle ramp so that no two rows are alike
            value += int(8 * math.sin(row / 7.0) + 4 * math.cos(col / 5.0))
            values.append(value)
    if sys.byteorder != "little":
        values.byteswap()
    return values.tobytes()


def _patient_and_study(ds: Dataset, study: str) -> None:
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.StudyDate = "20240115"
    ds.SeriesDate = "20240115"
    ds.AcquisitionDate = "20240115"
    ds.ContentDate = "20240115"
    ds.StudyTime = "101512"
    ds.SeriesTime = "101845.250000"
    ds.AcquisitionTime = "101846"
    ds.ContentTime = "101846"
    ds.AccessionNumber = "A0001"
    ds.Manufacturer = "dcmcore"
    ds.InstitutionName = "Example Hospital"
    ds.ReferringPhysicianName = "Referrer^Rita^^Dr."
    ds.StationName = "STATION1"
    ds.PatientName = "Example^Patient"
    ds.PatientID = "EX-0001"
    ds.PatientBirthDate = "19700101"
    ds.PatientSex = "O"
    ds.PatientAge = "054Y"
    ds.PatientWeight = "70.5"
    ds.StudyInstanceUID = f"{ROOT}.1.{study}"
    ds.StudyID = "1"


def make_ct() -> Dataset:
    sop_instance = f"{ROOT}.3.1.1"
    ds = Dataset()
    ds.file_meta = _file_meta(CT_IMAGE_STORAGE, sop_instance, EXPLICIT_VR_LITTLE_ENDIAN)
    _patient_and_study(ds, "1")
    ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
    ds.InstanceCreationDate = "20240115"
    ds.InstanceCreationTime = "101900"
    ds.SOPClassUID = CT_IMAGE_STORAGE
    ds.SOPInstanceUID = sop_instance
    ds.Modality = "CT"
    ds.StudyDescription = "Example CT"
    ds.SeriesDescription = "Axial 5 mm"
    ds.ManufacturerModelName = "Synthetic Scanner"
    ds.BodyPartExamined = "ABDOMEN"
    ds.ScanOptions = "HELICAL MODE"
    ds.SliceThickness = "5.000000"
    ds.KVP = "120"
    ds.DataCollectionDiameter = "500.000000"
    ds.SoftwareVersions = "0.1"
    ds.ReconstructionDiameter = "350.000000"
    ds.DistanceSourceToDetector = "949.075012"
    ds.DistanceSourceToPatient = "541.000000"
    ds.GantryDetectorTilt = "0.000000"
    ds.TableHeight = "160.000000"
    ds.RotationDirection = "CW"
    ds.ExposureTime = "1000"
    ds.XRayTubeCurrent = "200"
    ds.Exposure = "200"
    ds.FilterType = "BODY FILTER"
    ds.GeneratorPower = "24000"
    ds.FocalSpots = "0.7"
    ds.ConvolutionKernel = "STANDARD"
    ds.PatientPosition = "HFS"
    ds.SeriesInstanceUID = f"{ROOT}.2.1"
    ds.SeriesNumber = "2"
    ds.AcquisitionNumber = "1"
    ds.InstanceNumber = "1"
    ds.ImagePositionPatient = ["-175.000000", "-175.000000", "-12.500000"]
    ds.ImageOrientationPatient = ["1.000000", "0.000000", "0.000000", "0.000000", "1.000000", "0.000000"]
    ds.FrameOfReferenceUID = f"{ROOT}.4.1"
    ds.PositionReferenceIndicator = "XY"
    ds.SliceLocation = "-12.500000"
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = 128
    ds.Columns = 128
    ds.PixelSpacing = ["2.734375", "2.734375"]
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 1
    ds.SmallestImagePixelValue = -1000
    ds.LargestImagePixelValue = 1400
    ds.WindowCenter = "40"
    ds.WindowWidth = "400"
    ds.RescaleIntercept = "-1024"
    ds.RescaleSlope = "1"
    ds.RescaleType = "HU"
    block = ds.private_block(0x0009, "DCMCORE EXAMPLE", create=True)
    block.add_new(0x01, "LO", "synthetic phantom")
    block.add_new(0x02, "US", 3)
    block.add_new(0x03, "DS", ["1.5", "2.5"])
    ds.PixelData = _phantom(
        128, 24, [(64, 64, 52, 1000), (44, 58, 10, 1300), (84, 70, 12, 60), (64, 96, 6, -1000)]
    )
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    return ds


def make_mr() -> Dataset:
    sop_instance = f"{ROOT}.3.2.1"
    ds = Dataset()
    ds.file_meta = _file_meta(MR_IMAGE_STORAGE, sop_instance, IMPLICIT_VR_LITTLE_ENDIAN)
    _patient_and_study(ds, "2")
    ds.ImageType = ["ORIGINAL", "PRIMARY", "OTHER"]
    ds.SOPClassUID = MR_IMAGE_STORAGE
    ds.SOPInstanceUID = sop_instance
    ds.Modality = "MR"
    ds.StudyDescription = "Example MR"
    ds.SeriesDescription = "T1 SE axial"
    ds.ScanningSequence = "SE"
    ds.SequenceVariant = "NONE"
    ds.ScanOptions = ""
    ds.MRAcquisitionType = "2D"
    ds.SliceThickness = "5.000000"
    ds.RepetitionTime = "500.000000"
    ds.EchoTime = "15.000000"
    ds.NumberOfAverages = "2.000000"
    ds.ImagingFrequency = "63.869000"
    ds.ImagedNucleus = "1H"
    ds.EchoNumbers = "1"
    ds.MagneticFieldStrength = "1.5"
    ds.SpacingBetweenSlices = "6.000000"
    ds.EchoTrainLength = "1"
    ds.PercentSampling = "100.000000"
    ds.PixelBandwidth = "130.000000"
    ds.ReceiveCoilName = "HEAD"
    ds.FlipAngle = "90"
    ds.PatientPosition = "HFS"
    ds.SeriesInstanceUID = f"{ROOT}.2.2"
    ds.SeriesNumber = "3"
    ds.InstanceNumber = "1"
    ds.ImagePositionPatient = ["-120.000000", "-120.000000", "30.000000"]
    ds.ImageOrientationPatient = ["1.000000", "0.000000", "0.000000", "0.000000", "1.000000", "0.000000"]
    ds.FrameOfReferenceUID = f"{ROOT}.4.2"
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = 64
    ds.Columns = 64
    ds.PixelSpacing = ["3.750000", "3.750000"]
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 1
    ds.WindowCenter = "600"
    ds.WindowWidth = "1600"
    ds.PixelData = _phantom(64, 100, [(32, 32, 26, 900), (24, 28, 6, 400), (40, 36, 5, -300)])
    ds.is_little_endian = True
    ds.is_implicit_VR = True
    return ds


def make_rtplan() -> Dataset:
    sop_instance = f"{ROOT}.3.3.1"
    ds = Dataset()
    ds.file_meta = _file_meta(RT_PLAN_STORAGE, sop_instance, IMPLICIT_VR_LITTLE_ENDIAN)
    _patient_and_study(ds, "3")
    ds.SOPClassUID = RT_PLAN_STORAGE
    ds.SOPInstanceUID = sop_instance
    ds.Modality = "RTPLAN"
    ds.SeriesInstanceUID = f"{ROOT}.2.3"
    ds.SeriesNumber = "1"
    ds.FrameOfReferenceUID = f"{ROOT}.4.1"
    ds.RTPlanLabel = "Example plan"
    ds.RTPlanDate = "20240116"
    ds.RTPlanTime = "090000"
    ds.RTPlanGeometry = "PATIENT"

    dose_reference = Dataset()
    dose_reference.DoseReferenceNumber = 1
    dose_reference.DoseReferenceStructureType = "SITE"
    dose_reference.DoseReferenceType = "TARGET"
    dose_reference.TargetPrescriptionDose = "60.0"
    ds.DoseReferenceSequence = Sequence([dose_reference])

    fraction_group = Dataset()
    fraction_group.FractionGroupNumber = 1
    fraction_group.NumberOfFractionsPlanned = 30
    fraction_group.NumberOfBeams = 2
    fraction_group.NumberOfBrachyApplicationSetups = 0
    referenced_beams = []
    for number in (1, 2):
        referenced = Dataset()
        referenced.BeamDose = "1.0"
        referenced.BeamMeterset = f"{95.5 + number}"
        referenced.ReferencedBeamNumber = number
        referenced_beams.append(referenced)
    fraction_group.ReferencedBeamSequence = Sequence(referenced_beams)
    ds.FractionGroupSequence = Sequence([fraction_group])

    beams = []
    for number, gantry in ((1, "0.0"), (2, "180.0")):
        beam = Dataset()
        beam.Manufacturer = "dcmcore"
        beam.TreatmentMachineName = "LINAC1"
        beam.PrimaryDosimeterUnit = "MU"
        beam.SourceAxisDistance = "1000.0"
        limiting_devices = []
        for device_type, pairs in (("ASYMX", 1), ("ASYMY", 1)):
            device = Dataset()
            device.RTBeamLimitingDeviceType = device_type
            device.NumberOfLeafJawPairs = pairs
            limiting_devices.append(device)
        beam.BeamLimitingDeviceSequence = Sequence(limiting_devices)
        beam.BeamNumber = number
        beam.BeamName = f"Field {number}"
        beam.BeamType = "STATIC"
        beam.RadiationType = "PHOTON"
        beam.TreatmentDeliveryType = "TREATMENT"
        beam.NumberOfWedges = 0
        beam.NumberOfCompensators = 0
        beam.NumberOfBoli = 0
        beam.NumberOfBlocks = 0
        beam.FinalCumulativeMetersetWeight = "1.0"
        beam.NumberOfControlPoints = 2
        control_points = []
        for index, weight in ((0, "0.0"), (1, "1.0")):
            point = Dataset()
            point.ControlPointIndex = index
            point.CumulativeMetersetWeight = weight
            if index == 0:
                point.NominalBeamEnergy = "6.0"
                point.GantryAngle = gantry
                point.GantryRotationDirection = "NONE"
                point.BeamLimitingDeviceAngle = "0.0"
                point.BeamLimitingDeviceRotationDirection = "NONE"
                point.PatientSupportAngle = "0.0"
                point.PatientSupportRotationDirection = "NONE"
                point.IsocenterPosition = ["0.0", "0.0", "0.0"]
                positions = []
                for device_type in ("ASYMX", "ASYMY"):
                    position = Dataset()
                    position.RTBeamLimitingDeviceType = device_type
                    position.LeafJawPositions = ["-50.0", "50.0"]
                    positions.append(position)
                point.BeamLimitingDevicePositionSequence = Sequence(positions)
            control_points.append(point)
        beam.ControlPointSequence = Sequence(control_points)
        # nested private elements inside an item
        beam_block = beam.private_block(0x3249, "DCMCORE PLAN", create=True)
        beam_block.add_new(0x10, "LO", f"beam note {number}")
        beams.append(beam)
    ds.BeamSequence = Sequence(beams)
    # undefined lengths, as many planning systems write them
    ds["BeamSequence"].is_undefined_length = True
    for beam in beams:
        beam.is_undefined_length_sequence_item = True

    patient_setup = Dataset()
    patient_setup.PatientPosition = "HFS"
    patient_setup.PatientSetupNumber = 1
    ds.PatientSetupSequence = Sequence([patient_setup])

    referenced_structure_set = Dataset()
    referenced_structure_set.ReferencedSOPClassUID = "1.2.840.10008.5.1.4.1.1.481.3"
    referenced_structure_set.ReferencedSOPInstanceUID = f"{ROOT}.3.4.1"
    ds.ReferencedStructureSetSequence = Sequence([referenced_structure_set])
    ds.ApprovalStatus = "UNAPPROVED"

    # a private sequence with its own private creator
    block = ds.private_block(0x3249, "DCMCORE PLAN", create=True)
    block.add_new(0x01, "LO", "example")
    note = Dataset()
    note.add_new(0x00081030, "LO", "private item")
    note_block = note.private_block(0x3249, "DCMCORE PLAN", create=True)
    note_block.add_new(0x02, "DS", "0.5")
    block.add_new(0x03, "SQ", Sequence([note]))
    # undefined length: a reader without the private dictionary still finds
    # the items (PS3.5 7.5.1)
    block[0x03].is_undefined_length = True
    ds.is_little_endian = True
    ds.is_implicit_VR = True
    return ds


SC_MULTIFRAME_SINGLE_BIT = "1.2.840.10008.5.1.4.1.1.7.1"
SC_MULTIFRAME_TRUE_COLOR = "1.2.840.10008.5.1.4.1.1.7.4"
MR_MULTIFRAME = "1.2.840.10008.5.1.4.1.1.4.1"
RLE_LOSSLESS = "1.2.840.10008.1.2.5"


def _secondary_capture(ds: Dataset, sop_class: str, number: str, transfer_syntax: str) -> None:
    sop_instance = f"{ROOT}.3.{number}.1"
    ds.file_meta = _file_meta(sop_class, sop_instance, transfer_syntax)
    _patient_and_study(ds, number)
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = sop_instance
    ds.SeriesInstanceUID = f"{ROOT}.2.{number}"
    ds.SeriesNumber = "1"
    ds.InstanceNumber = "1"
    ds.is_little_endian = True
    ds.is_implicit_VR = False


def make_rgb() -> Dataset:
    """A colour test card: 3 frames of 48 x 64 RGB, 8 bits a sample."""
    ds = Dataset()
    _secondary_capture(ds, SC_MULTIFRAME_TRUE_COLOR, "5", EXPLICIT_VR_LITTLE_ENDIAN)
    ds.Modality = "OT"
    ds.ConversionType = "WSD"
    ds.SeriesDescription = "Colour bars"
    ds.SamplesPerPixel = 3
    ds.PhotometricInterpretation = "RGB"
    ds.PlanarConfiguration = 0
    ds.NumberOfFrames = 3
    ds.FrameIncrementPointer = 0x00181063
    ds.FrameTime = "100"
    ds.Rows = 48
    ds.Columns = 64
    ds.BitsAllocated = 8
    ds.BitsStored = 8
    ds.HighBit = 7
    ds.PixelRepresentation = 0
    pixels = bytearray()
    for frame in range(3):
        for row in range(48):
            for col in range(64):
                bar = (col // 8 + frame) % 8  # eight bars that move a step a frame
                level = 255 - row * 2
                pixels += bytes(level if bar & bit else row for bit in (4, 2, 1))
    ds.PixelData = bytes(pixels)
    return ds


def make_1bit() -> Dataset:
    """A binary mask: 3 frames of 50 x 50, 1 bit a pixel (a frame is not a
    whole number of bytes, PS3.5 8.1.1)."""
    ds = Dataset()
    _secondary_capture(ds, SC_MULTIFRAME_SINGLE_BIT, "6", EXPLICIT_VR_LITTLE_ENDIAN)
    ds.Modality = "OT"
    ds.ConversionType = "WSD"
    ds.SeriesDescription = "Growing disk mask"
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.NumberOfFrames = 3
    ds.FrameIncrementPointer = 0x00181063
    ds.FrameTime = "100"
    ds.Rows = 50
    ds.Columns = 50
    ds.BitsAllocated = 1
    ds.BitsStored = 1
    ds.HighBit = 0
    ds.PixelRepresentation = 0
    bits = [
        int((col - 25) ** 2 + (row - 25) ** 2 <= (8 + 6 * frame) ** 2)
        for frame in range(3)
        for row in range(50)
        for col in range(50)
    ]
    bits += [0] * (-len(bits) % 8)
    # the first pixel in the least significant bit of each byte
    ds.PixelData = bytes(sum(bit << n for n, bit in enumerate(bits[i : i + 8])) for i in range(0, len(bits), 8))
    return ds


def make_rle_multiframe() -> Dataset:
    """A cardiac-like MR cine: 8 frames of 64 x 64 signed 16-bit, RLE Lossless."""
    ds = Dataset()
    _secondary_capture(ds, MR_MULTIFRAME, "7", EXPLICIT_VR_LITTLE_ENDIAN)
    ds.Modality = "MR"
    ds.SeriesDescription = "Cine, 8 phases"
    ds.ImageType = ["ORIGINAL", "PRIMARY", "M", "NONE"]
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.NumberOfFrames = 8
    ds.Rows = 64
    ds.Columns = 64
    ds.BitsAllocated = 16
    ds.BitsStored = 12
    ds.HighBit = 11
    ds.PixelRepresentation = 1
    frames = [
        _phantom(64, 40, [(32, 32, 20 + phase % 4, 900), (26, 30, 6 + phase // 2, 400)]) for phase in range(8)
    ]
    ds.PixelData = b"".join(frames)
    ds.compress(RLE_LOSSLESS)
    return ds


TWELVE_LEAD_ECG = "1.2.840.10008.5.1.4.1.1.9.1.1"
LEADS = ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"]


def _ecg_sample(lead: int, t: float) -> float:
    """A synthetic heartbeat (P wave, QRS spike, T wave) at 72 beats a
    minute, in microvolts, scaled a little differently in each lead."""
    phase = (t * 1.2) % 1.0
    wave = (
        100 * math.exp(-(((phase - 0.15) / 0.025) ** 2))
        + 1000 * math.exp(-(((phase - 0.30) / 0.008) ** 2))
        - 150 * math.exp(-(((phase - 0.33) / 0.010) ** 2))
        + 250 * math.exp(-(((phase - 0.55) / 0.050) ** 2))
    )
    return wave * (0.4 + 0.1 * lead) * (-1 if LEADS[lead] == "aVR" else 1)


def _multiplex_group(label: str, frequency: int, seconds: float, leads: list, sensitivity: str) -> Dataset:
    group = Dataset()
    group.MultiplexGroupTimeOffset = "0.0"
    group.WaveformOriginality = "ORIGINAL"
    group.NumberOfWaveformChannels = len(leads)
    nr_samples = int(frequency * seconds)
    group.NumberOfWaveformSamples = nr_samples
    group.SamplingFrequency = str(frequency)
    group.MultiplexGroupLabel = label
    channels = []
    for lead in leads:
        channel = Dataset()
        channel.ChannelLabel = LEADS[lead]
        channel.ChannelSensitivity = sensitivity
        unit = Dataset()
        unit.CodeValue = "uV"
        unit.CodingSchemeDesignator = "UCUM"
        unit.CodeMeaning = "microvolt"
        channel.ChannelSensitivityUnitsSequence = Sequence([unit])
        channel.ChannelSensitivityCorrectionFactor = "1"
        channel.ChannelBaseline = "0"
        channel.WaveformBitsStored = 16
        channels.append(channel)
    group.ChannelDefinitionSequence = Sequence(channels)
    group.WaveformBitsAllocated = 16
    group.WaveformSampleInterpretation = "SS"
    step = float(sensitivity)
    # samples interleaved: every channel of one sample time, then the next
    values = array(
        "h",
        (round(_ecg_sample(lead, n / frequency) / step) for n in range(nr_samples) for lead in leads),
    )
    if sys.byteorder == "big":
        values.byteswap()
    group.WaveformData = values.tobytes()
    return group


def make_ecg() -> Dataset:
    """A 12-lead ECG with three multiplex groups: 10 s of the 12 leads at
    500 Hz, a 1.2 s median beat at 500 Hz, and a 10 s lead II rhythm strip
    at 250 Hz."""
    ds = Dataset()
    _secondary_capture(ds, TWELVE_LEAD_ECG, "8", EXPLICIT_VR_LITTLE_ENDIAN)
    ds.Modality = "ECG"
    ds.SeriesDescription = "Resting 12-lead"
    ds.AcquisitionDateTime = "20240102101500"
    ds.WaveformSequence = Sequence(
        [
            _multiplex_group("RHYTHM", 500, 10, list(range(12)), "2.5"),
            _multiplex_group("MEDIAN", 500, 1.2, list(range(12)), "2.5"),
            _multiplex_group("LEAD II", 250, 10, [1], "5"),
        ]
    )
    return ds


def make_overlay() -> Dataset:
    """An MR cine of 4 frames of 32 x 32 with a 4-frame overlay (a moving
    box outline) in group 6000 and a one-frame text mask in group 6002."""
    ds = Dataset()
    _secondary_capture(ds, MR_MULTIFRAME, "9", EXPLICIT_VR_LITTLE_ENDIAN)
    ds.Modality = "MR"
    ds.SeriesDescription = "Cine with overlays"
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.NumberOfFrames = 4
    ds.Rows = 32
    ds.Columns = 32
    ds.BitsAllocated = 16
    ds.BitsStored = 12
    ds.HighBit = 11
    ds.PixelRepresentation = 0
    ds.PixelData = b"".join(_phantom(32, 10, [(16, 16, 8 + frame, 800)]) for frame in range(4))
    # PS3.3 C.9.2: bits fill each byte from its least significant bit
    bits = []
    for frame in range(4):
        for row in range(32):
            for col in range(32):
                top, left = 4 + frame * 2, 6 + frame * 2
                on_edge = (row in (top, top + 12) and left <= col <= left + 12) or (
                    col in (left, left + 12) and top <= row <= top + 12
                )
                bits.append(int(on_edge))
    label = [int(col < 16 and row < 4) for row in range(32) for col in range(32)]
    overlays = [(0x6000, bits, 4, "G", "Region"), (0x6002, label, 1, "G", "Label")]
    for group, values, frames, kind, description in overlays:
        packed = bytes(sum(bit << n for n, bit in enumerate(values[i : i + 8])) for i in range(0, len(values), 8))
        ds.add_new((group << 16) | 0x0010, "US", 32)
        ds.add_new((group << 16) | 0x0011, "US", 32)
        ds.add_new((group << 16) | 0x0015, "IS", str(frames))
        ds.add_new((group << 16) | 0x0022, "LO", description)
        ds.add_new((group << 16) | 0x0040, "CS", kind)
        ds.add_new((group << 16) | 0x0050, "SS", [1, 1])
        ds.add_new((group << 16) | 0x0051, "US", 1)
        ds.add_new((group << 16) | 0x0100, "US", 1)
        ds.add_new((group << 16) | 0x0102, "US", 0)
        ds.add_new((group << 16) | 0x3000, "OW", packed + b"\x00" * (len(packed) % 2))
    return ds


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, make in (
        ("CT_small.dcm", make_ct),
        ("MR_small.dcm", make_mr),
        ("rtplan.dcm", make_rtplan),
        ("RGB_small.dcm", make_rgb),
        ("SC_1bit.dcm", make_1bit),
        ("MR_multiframe_RLE.dcm", make_rle_multiframe),
        ("ECG_12lead.dcm", make_ecg),
        ("MR_overlay.dcm", make_overlay),
    ):
        dataset = make()
        dataset.preamble = b"\x00" * 128
        dcmwrite(OUT / name, dataset, write_like_original=False)
        print(f"wrote {OUT / name}")


if __name__ == "__main__":
    main()
